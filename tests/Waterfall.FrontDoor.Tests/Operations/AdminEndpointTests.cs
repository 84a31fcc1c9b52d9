using System.Net;
using System.Text.Json;
using Waterfall.Client;
using Waterfall.TestSupport;

namespace Waterfall.FrontDoor.Tests.Operations;

/// <summary>Probes, metrics and the dashboard live on the admin port, and only there.</summary>
public class AdminEndpointTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private HttpClient Admin() => new() { BaseAddress = silo.AdminAddress };

    [Fact]
    public async Task Readiness_and_startup_answer_json_with_each_checks_status_once_the_silo_is_up()
    {
        using var http = Admin();

        var ready = await Eventually.UntilAsync(() => http.GetAsync("/health/ready"), r => r.StatusCode == HttpStatusCode.OK);
        var startup = await http.GetAsync("/health/startup");
        var live = await http.GetAsync("/health/live");

        var checks = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");
        foreach (var name in new[] { "startup", "membership", "store", "shutdown" })
            Assert.Equal("Healthy", checks.GetProperty(name).GetProperty("status").GetString());
        Assert.Equal("Active", checks.GetProperty("membership").GetProperty("data").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, startup.StatusCode);
        Assert.Equal("Healthy", JsonDocument.Parse(await startup.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/health/startup")]
    [InlineData("/metrics")]
    // The Orleans dashboard's own data path: /dashboard itself, on the HTTP port, is the finance dashboard (docs/dashboard.md).
    [InlineData("/dashboard/ClusterStats")]
    [InlineData("/dashboard/index.html")]
    public async Task The_http_and_grpc_ports_answer_404_for_an_admin_path(string path)
    {
        using var http = new HttpClient();
        using var overGrpcPort = new HttpRequestMessage(HttpMethod.Get, new Uri(silo.GrpcAddress, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        var onHttp = await http.GetAsync(new Uri(silo.HttpAddress, path));
        var onGrpc = await http.SendAsync(overGrpcPort);

        Assert.Equal(HttpStatusCode.NotFound, onHttp.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, onGrpc.StatusCode);
    }

    [Fact]
    public async Task Metrics_on_the_admin_port_list_our_instruments_and_orleans_after_a_debit_and_a_refusal()
    {
        var client = silo.Client();
        var walletId = $"metrics-{Guid.NewGuid():N}";
        await client.CreateWalletAsync(walletId);
        await client.GrantCreditsAsync(walletId, Amounts.Usd(1m));
        await client.DebitAsync(walletId, Amounts.Usd(0.01m), idempotencyKey: "metrics-debit");
        await Assert.ThrowsAsync<WaterfallException>(() => client.DebitAsync($"missing-{Guid.NewGuid():N}", Amounts.Usd(0.01m), idempotencyKey: "k"));
        using var http = Admin();

        // The exporter caches a scrape briefly; poll until the calls above show.
        var scrape = await Eventually.UntilAsync(
            async () => await (await http.GetAsync("/metrics")).Content.ReadAsStringAsync(),
            text => text.Contains("reason=\"WALLET_NOT_FOUND\"", StringComparison.Ordinal) && text.Contains("waterfall_ledger_entries", StringComparison.Ordinal));

        Assert.Contains("waterfall_wallets_operations_total{", scrape, StringComparison.Ordinal);
        Assert.Contains("operation=\"WalletService/Debit\"", scrape, StringComparison.Ordinal);
        Assert.Contains("waterfall_wallets_refusals_total{", scrape, StringComparison.Ordinal);
        Assert.Contains("waterfall_ledger_batch_entries", scrape, StringComparison.Ordinal);
        Assert.Contains("\norleans_", scrape, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_count_the_open_holds_of_active_wallets()
    {
        var client = silo.Client();
        var walletId = $"holds-{Guid.NewGuid():N}";
        await client.CreateWalletAsync(walletId);
        await client.GrantCreditsAsync(walletId, Amounts.Usd(1m));
        for (var i = 0; i < 3; i++) await client.AuthorizeAsync(walletId, Amounts.Usd(0.01m), TimeSpan.FromHours(1), idempotencyKey: $"hold-{i}");
        using var http = Admin();

        // Other tests share the process and hold too: at least this wallet's three are open.
        var scrape = await Eventually.UntilAsync(
            async () => await (await http.GetAsync("/metrics")).Content.ReadAsStringAsync(),
            text => OpenHolds(text) >= 3);

        Assert.True(OpenHolds(scrape) >= 3, scrape);
    }

    private static double OpenHolds(string scrape) =>
        scrape.Split('\n').Where(l => l.StartsWith("waterfall_wallets_holds_open", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Sum();

    [Fact]
    public async Task The_dashboard_refuses_a_caller_without_an_admin_key()
    {
        using var http = Admin();
        using var withMeterKey = new HttpRequestMessage(HttpMethod.Get, "/dashboard");
        withMeterKey.Headers.Authorization = new("Bearer", SiloFixture.MeterKey);
        using var withAdminKey = new HttpRequestMessage(HttpMethod.Get, "/dashboard");
        withAdminKey.Headers.Add("x-api-key", SiloFixture.AdminKey);

        var anonymous = await http.GetAsync("/dashboard");
        var meter = await http.SendAsync(withMeterKey);
        var admin = await http.SendAsync(withAdminKey);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, meter.StatusCode);
        Assert.True(admin.IsSuccessStatusCode || (int)admin.StatusCode is >= 300 and < 400, $"an admin key got {(int)admin.StatusCode}");
    }
}
