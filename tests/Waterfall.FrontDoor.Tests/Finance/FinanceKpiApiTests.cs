using System.Net;
using Waterfall.Api.V1;
using Waterfall.Client;
using Waterfall.FrontDoor.Tests.Http;

namespace Waterfall.FrontDoor.Tests.Finance;

/// <summary>Finance's KPIs over HTTP and gRPC on the real host: one report, the same figures on both, from the books.</summary>
public class FinanceKpiApiTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static string Day(int offset) => DateTime.UtcNow.AddDays(offset).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Kpis_over_http_and_grpc_agree_and_show_a_wallets_spend_and_runway()
    {
        using var rest = silo.Rest();
        var walletId = await rest.FundedWalletAsync(); // USD 1 of purchased credit
        var client = silo.Client();
        await client.DebitAsync(walletId, new Amount { Value = 250_000_000, Unit = "usd" }, idempotencyKey: $"{walletId}-k1");
        await client.DebitAsync(walletId, new Amount { Value = 50_000_000, Unit = "usd" }, idempotencyKey: $"{walletId}-k2");
        using var http = silo.Rest(SiloFixture.ReadKey);

        var json = await (await http.GetAsync($"/v1/finance/kpis?from={Day(0)}&to={Day(1)}&top=100&trailing_days=30")).Body();
        var grpc = await silo.Client(SiloFixture.ReadKey).GetKpisAsync(Day(0), Day(1), top: 100, trailingDays: 30);

        Assert.Equal(grpc.RecognizedRevenue, json.GetProperty("recognized_revenue").GetInt64());
        Assert.Equal(grpc.DeferredRevenueTotal, json.GetProperty("deferred_revenue_total").GetInt64());
        Assert.True(grpc.RecognizedRevenue >= 300_000_000, $"recognized {grpc.RecognizedRevenue}");
        Assert.Contains(grpc.TopWallets, w => w.Name == walletId && w.Spent == 300_000_000);
        Assert.Contains(json.GetProperty("top_wallets").EnumerateArray(), w => w.GetProperty("name").GetString() == walletId && w.GetProperty("spent").GetInt64() == 300_000_000);
        var runway = grpc.Runway.Single(r => r.WalletId == walletId);
        Assert.Equal(700_000_000, runway.Balance);
        Assert.Equal("10000000", runway.BurnPerDay); // USD 0.30 over a 30-day window
        Assert.Equal("70", runway.Days);
        var purchased = grpc.Utilization.Single(u => u.GrantKind == "purchased" && u.Unit == "usd");
        Assert.True(purchased.Burned >= 300_000_000 && purchased.Granted >= 1_000_000_000);

        var yesterday = await silo.Client(SiloFixture.ReadKey).GetKpisAsync(Day(-1), Day(0));
        Assert.DoesNotContain(yesterday.TopWallets, w => w.Name == walletId); // flows are the period's
    }

    [Theory]
    [InlineData("from=2026-01-01&to=2026-02-01&top=1000", "top")]
    [InlineData("from=2026-01-01&to=2026-02-01&trailing_days=abc", "trailing_days")]
    [InlineData("to=2026-02-01", "from")]
    public async Task A_bad_kpi_query_gets_a_problem_document_naming_the_field(string query, string field)
    {
        using var http = silo.Rest(SiloFixture.ReadKey);

        using var response = await http.GetAsync($"/v1/finance/kpis?{query}");
        var problem = await response.Body();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(problem.GetProperty("violations").EnumerateArray(), v => v.GetProperty("field").GetString() == field);
    }

    [Fact]
    public async Task Kpis_need_a_key_and_refuse_a_bad_window_over_grpc()
    {
        using var anonymous = silo.Rest(apiKey: null);
        using var refused = await anonymous.GetAsync($"/v1/finance/kpis?from={Day(0)}&to={Day(1)}");
        var error = await Assert.ThrowsAsync<WaterfallException>(() => silo.Client(SiloFixture.ReadKey).GetKpisAsync(Day(0), Day(1), trailingDays: 400));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, error.StatusCode);
    }
}
