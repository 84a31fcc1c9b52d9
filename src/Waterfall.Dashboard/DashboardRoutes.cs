using Microsoft.Extensions.Configuration;

namespace Waterfall.Dashboard;

/// <summary>Where the dashboard lives: under <c>/dashboard</c> on the HTTP endpoint's port.</summary>
public static class DashboardRoutes
{
    public const string Root = "/dashboard";
    public const string SignIn = Root + "/sign-in";
    public const string Overview = Root + "/overview";
    public const string Wallets = Root + "/wallets";
    public const string Customers = Root + "/customers";
    public const string Invoices = Root + "/invoices";
    public const string Settlement = Root + "/settlement";
    public const string Operations = Root + "/operations";

    public static string Wallet(string walletId) => $"{Wallets}/{Uri.EscapeDataString(walletId)}";

    public static string Invoice(string invoiceId) => $"{Invoices}/{Uri.EscapeDataString(invoiceId)}";

    /// <summary>
    /// The HTTP endpoint's port. The admin port serves the Orleans dashboard under the same path, so the
    /// dashboard answers only connections to this port and the two never meet.
    /// </summary>
    public static int HttpPort(IConfiguration configuration)
    {
        var url = configuration["Kestrel:Endpoints:Http:Url"] ?? "http://localhost:5082";
        var normalized = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        return Uri.TryCreate(normalized, UriKind.Absolute, out var uri) && uri.Port > 0
            ? uri.Port
            : throw new InvalidOperationException($"Kestrel:Endpoints:Http:Url must be an absolute URL with an explicit port; it is '{url}'.");
    }

    /// <summary>The Orleans dashboard's address on the admin endpoint, when the host maps it.</summary>
    public static string? OrleansDashboard(IConfiguration configuration) =>
        configuration.GetValue("Waterfall:Telemetry:Dashboard", true)
            ? (configuration["Kestrel:Endpoints:Admin:Url"] ?? "http://localhost:5081").TrimEnd('/') + "/dashboard/"
            : null;
}
