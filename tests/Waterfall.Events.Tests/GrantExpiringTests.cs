using System.Text.Json;
using Waterfall.Client;
using Waterfall.Domain.Events;
using Waterfall.Testing;
using Waterfall.TestSupport;
using Xunit;

namespace Waterfall.Events.Tests;

/// <summary>
/// <c>grant.expiring</c> on a wallet nobody calls: only its deadline reminder can announce it. Reminders run on real
/// time and the wallet decides on the manual clock, so each deadline is a few seconds of wallet time ahead of the
/// moment its reminder is set (as in the grains' deadline reminder tests), then the clock jumps past it.
/// </summary>
public class GrantExpiringTests
{
    private const long Usd = 1_000_000_000;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_grant_expiring_in_three_days_on_an_idle_wallet_is_announced_at_the_lead_time_and_expires_at_its_expiry()
    {
        await using var h = await EventsHarness.StartAsync(e => e.GrantExpiringLeadTime = TimeSpan.FromDays(3));
        var sdk = h.Waterfall.Sdk;
        var start = h.Waterfall.Clock.GetUtcNow();
        var expiry = start + TimeSpan.FromDays(3) + TimeSpan.FromSeconds(10);
        await sdk.CreateWalletAsync("idle-1");
        var grant = await sdk.GrantCreditsAsync("idle-1", Amounts.Nanos(5 * Usd), kind: "promotional", expiresAt: expiry);
        var wallet = h.Waterfall.Wallet(WaterfallTestCluster.TenantId, "idle-1");
        await h.Waterfall.Cluster.DeactivateAsync(wallet);

        // Past the notice time, before the expiry: no call reaches the wallet, only its reminder.
        h.Waterfall.Clock.Set(expiry - TimeSpan.FromSeconds(5));
        var notice = await Eventually.UntilAsync(() => Task.FromResult(h.Receiver.OfType(EventTypes.GrantExpiring).FirstOrDefault()), n => n is not null, Patience);
        var data = JsonDocument.Parse(notice!.Body).RootElement;
        Assert.Equal(expiry - TimeSpan.FromDays(3), data.GetProperty("timestamp").GetDateTimeOffset());
        Assert.Equal(grant.GrantId, data.GetProperty("data").GetProperty("grant_id").GetString());
        Assert.Equal((5 * Usd).ToString(), data.GetProperty("data").GetProperty("expiring").GetProperty("value").GetString());
        Assert.Equal(expiry, data.GetProperty("data").GetProperty("expires_at").GetDateTimeOffset());
        Assert.Empty(h.Receiver.OfType(EventTypes.GrantExpired));

        await h.Waterfall.Cluster.DeactivateAsync(wallet);
        h.Waterfall.Clock.Advance(TimeSpan.FromMinutes(1));
        var expired = await Eventually.UntilAsync(() => Task.FromResult(h.Receiver.OfType(EventTypes.GrantExpired).FirstOrDefault()), e => e is not null, Patience);
        var breakage = JsonDocument.Parse(expired!.Body).RootElement;
        Assert.Equal(expiry, breakage.GetProperty("timestamp").GetDateTimeOffset());
        Assert.Equal((5 * Usd).ToString(), breakage.GetProperty("data").GetProperty("breakage").GetProperty("value").GetString());

        // Once per grant: the expiry and the reminder's later ticks announce no second notice.
        var forWallet = h.Receiver.Delivered.Where(d => d.WalletId == "idle-1").ToList();
        Assert.Equal([EventTypes.GrantExpiring, EventTypes.GrantExpired], forWallet.Select(d => d.Type).Where(t => t.StartsWith("grant.", StringComparison.Ordinal)));
        Assert.True(notice.Sequence < expired.Sequence);
        Assert.Empty(h.Receiver.Rejected);
    }
}
