namespace Waterfall.Silo.Hosting;

/// <summary>
/// The Kestrel endpoint named <c>Admin</c> (health, metrics, dashboard): operators' and probes' port, kept off the
/// public ones. Its routes are bound to its port by host matching, so the gRPC and HTTP ports answer 404 for them.
/// </summary>
public static class AdminEndpoint
{
    public const string UrlKey = "Kestrel:Endpoints:Admin:Url";
    public const string DefaultUrl = "http://localhost:5081";

    /// <summary>The admin endpoint's configured port, as read from Kestrel's configuration.</summary>
    public static int Port(IConfiguration configuration) => PortOf(configuration[UrlKey] ?? DefaultUrl, UrlKey);

    /// <summary>Restricts endpoints to requests that arrived on the admin port.</summary>
    public static TBuilder OnAdminPort<TBuilder>(this TBuilder endpoints, IConfiguration configuration) where TBuilder : IEndpointConventionBuilder =>
        endpoints.RequireHost($"*:{Port(configuration)}");

    internal static int PortOf(string url, string key)
    {
        // Kestrel accepts wildcard hosts (http://*:5081, http://+:5081) that Uri does not parse.
        var normalized = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri) || uri.Port <= 0)
            throw new InvalidOperationException($"{key} must be an absolute URL with an explicit port (e.g. http://0.0.0.0:5081); it is '{url}'.");
        return uri.Port;
    }
}
