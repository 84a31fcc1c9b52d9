using Waterfall.Domain.Events;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Tests.Wallets;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Tests.Events;

public class GrantExpiringTests
{
    private static readonly TimeSpan Lead = TimeSpan.FromDays(3);
    private static readonly WalletOptions Notifying = WalletOptions.Default with { GrantExpiringLeadTime = Lead };

    [Fact]
    public void A_grant_expiring_in_ten_days_is_announced_three_days_before_and_then_expires()
    {
        var kit = new AnnouncingKit(null, Notifying);
        var expiry = kit.Kit.Now.AddDays(10);
        var grant = kit.Kit.Grant(GrantKind.Promotional, 5_000, expiresAt: expiry);
        Assert.Equal(expiry - Lead, kit.Kit.Wallet.NextDeadline);

        kit.Kit.Now = expiry - Lead - TimeSpan.FromMinutes(1);
        Assert.Empty(kit.Tick());

        kit.Kit.Now = expiry - Lead;
        var notice = Assert.Single(kit.Tick());
        Assert.Equal(EventTypes.GrantExpiring, notice.Type);
        Assert.Equal(expiry - Lead, notice.At);
        Assert.Contains($"\"grant_id\":\"{grant.Value}\"", notice.Payload);
        Assert.Contains("\"expiring\":{\"unit\":\"usd\",\"value\":\"5000\"", notice.Payload);
        var noticed = Assert.IsType<GrantExpiryNoticed>(kit.Kit.Journal[^1]);
        Assert.Empty(noticed.Postings(kit.Kit.Wallet.Key.WalletId));
        Assert.Equal(expiry, kit.Kit.Wallet.NextDeadline);

        kit.Kit.Now = expiry;
        Assert.Equal([EventTypes.GrantExpired], kit.Tick().Select(a => a.Type).Where(t => t.StartsWith("grant.", StringComparison.Ordinal)));
        Assert.Equal([EventTypes.GrantExpiring, EventTypes.GrantExpired], kit.Types.Where(t => t.StartsWith("grant.", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_wallet_restored_after_its_notice_does_not_announce_it_again()
    {
        var kit = new WalletTestKit(options: Notifying);
        var expiry = kit.Now.AddDays(10);
        kit.Grant(GrantKind.Purchased, 5_000, expiresAt: expiry);
        kit.Now = expiry.AddDays(-2);
        kit.Tick();
        Assert.IsType<GrantExpiryNoticed>(kit.Journal[^1]);

        var replayed = new Wallet(kit.Wallet.Key, Notifying);
        foreach (var e in kit.Journal) replayed.Apply(e);
        var restored = Wallet.Restore(kit.Wallet.Key, kit.Wallet.ToSnapshot(), Notifying);
        foreach (var copy in new[] { replayed, restored })
        {
            Assert.Equal(expiry, copy.NextDue!.At);
            Assert.Empty(copy.Tick(expiry.AddMinutes(-1)));
            Assert.IsType<GrantExpired>(Assert.Single(copy.Tick(expiry)));
        }
    }

    [Fact]
    public void A_notice_missed_until_the_expiry_is_dropped_and_only_the_expiry_is_announced()
    {
        var kit = new AnnouncingKit(null, Notifying);
        var expiry = kit.Kit.Now.AddDays(10);
        kit.Kit.Grant(GrantKind.Purchased, 5_000, expiresAt: expiry);

        kit.Kit.Now = expiry.AddHours(1); // the silo was down through the notice and the expiry

        Assert.Equal([EventTypes.GrantExpired], kit.Tick().Select(a => a.Type).Where(t => t.StartsWith("grant.", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_grant_born_inside_the_lead_time_gets_no_notice()
    {
        var kit = new AnnouncingKit(null, Notifying);
        var expiry = kit.Kit.Now.AddDays(2);
        kit.Kit.Grant(GrantKind.Promotional, 5_000, expiresAt: expiry);
        Assert.Equal(expiry, kit.Kit.Wallet.NextDue!.At);

        kit.Kit.Now = expiry;
        Assert.Equal([EventTypes.GrantExpired], kit.Tick().Select(a => a.Type).Where(t => t.StartsWith("grant.", StringComparison.Ordinal)));
    }

    [Fact]
    public void Without_a_lead_time_the_wallet_announces_no_notice()
    {
        var kit = new AnnouncingKit(null);
        var expiry = kit.Kit.Now.AddDays(10);
        kit.Kit.Grant(GrantKind.Promotional, 5_000, expiresAt: expiry);
        Assert.Equal(expiry, kit.Kit.Wallet.NextDeadline);

        kit.Kit.Now = expiry.AddDays(-1);
        Assert.Empty(kit.Tick());
    }
}
