using Google.Protobuf.WellKnownTypes;
using Waterfall.Api.V1;
using Waterfall.Client;

namespace Waterfall.FrontDoor.Tests;

/// <summary>Unit wallets: grants scoped to a metric are that metric's quota, each with its own balance and expiry.</summary>
public class MetricQuotaTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static GrantCreditsRequest Quota(string walletId, string metric, long amount, string unit, DateTimeOffset? expiresAt = null)
    {
        var request = new GrantCreditsRequest
        {
            WalletId = walletId, Kind = "bonus", Amount = new Amount { Value = amount, Unit = unit },
            ExpiresAt = expiresAt is { } e ? Timestamp.FromDateTimeOffset(e) : null, Scope = new GrantScope(),
        };
        request.Scope.Metrics.Add(metric);
        return request;
    }

    [Fact]
    public async Task GetWallet_shows_each_metrics_quota_with_its_own_balance_and_expiry()
    {
        using var client = silo.Client();
        var walletId = $"w-{Guid.NewGuid():N}";
        await client.CreateWalletAsync(walletId);
        var soon = DateTimeOffset.UtcNow.AddDays(10);
        var later = DateTimeOffset.UtcNow.AddDays(40);
        await client.GrantCreditsAsync(Quota(walletId, "requests", 1_000, "requests", later));
        await client.GrantCreditsAsync(Quota(walletId, "requests", 200, "requests", soon));
        await client.GrantCreditsAsync(Quota(walletId, "sessions", 5, "sessions"));
        await client.GrantCreditsAsync(walletId, Amounts.Usd(1m));

        await client.DebitMetricAsync(walletId, "requests", 3, "requests");
        await client.DebitMetricAsync(walletId, "sessions", 1, "sessions");
        var wallet = await client.GetWalletAsync(walletId);

        Assert.Equal(["requests", "sessions"], wallet.Quotas.Select(q => q.Metric));
        var requests = wallet.Quotas[0];
        Assert.Equal(("requests", 1_200L, 1_197L, 2), (requests.Unit, requests.Granted, requests.Remaining, requests.GrantCount));
        Assert.Equal(soon.ToUnixTimeSeconds(), requests.NextExpiry.ToDateTimeOffset().ToUnixTimeSeconds());
        var sessions = wallet.Quotas[1];
        Assert.Equal(("sessions", 5L, 4L), (sessions.Unit, sessions.Granted, sessions.Remaining));
        Assert.Null(sessions.NextExpiry);
        // The USD credit is no metric's quota: it is untouched by the metered debits.
        Assert.Equal(1_000_000_000, wallet.Balances.Single(b => b.Unit == "usd").Available);
    }

    [Fact]
    public async Task A_metric_without_quota_left_is_refused_and_the_other_metrics_are_untouched()
    {
        using var client = silo.Client();
        var walletId = $"w-{Guid.NewGuid():N}";
        await client.CreateWalletAsync(walletId);
        await client.GrantCreditsAsync(Quota(walletId, "sessions", 1, "sessions"));
        await client.GrantCreditsAsync(Quota(walletId, "requests", 10, "requests"));
        await client.DebitMetricAsync(walletId, "sessions", 1, "sessions");

        var error = await Assert.ThrowsAsync<WaterfallException>(() => client.DebitMetricAsync(walletId, "sessions", 1, "sessions"));
        var wallet = await client.GetWalletAsync(walletId);

        Assert.Equal("INSUFFICIENT_FUNDS", error.Reason);
        Assert.Equal(0, wallet.Quotas.Single(q => q.Metric == "sessions").Remaining);
        Assert.Equal(10, wallet.Quotas.Single(q => q.Metric == "requests").Remaining);
    }
}
