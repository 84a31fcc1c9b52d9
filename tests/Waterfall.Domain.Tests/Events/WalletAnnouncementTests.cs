using System.Text.Json;
using Waterfall.Domain.Events;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Tests.Events;

public class WalletAnnouncementTests
{
    private const long Usd = 1_000_000_000;

    [Fact]
    public void Opening_a_wallet_and_funding_it_below_its_threshold_announces_nothing()
    {
        var kit = new AnnouncingKit(threshold: 5 * Usd);
        Assert.Empty(kit.Announced);
        Assert.Empty(kit.Step(k => k.Record(k.Wallet.ChangeSettings(new ChangeSettings(k.NextKey(), k.Wallet.Settings), k.Now))));
        Assert.Empty(kit.Step(k => k.Record(k.Wallet.GrantCredits(new GrantCredits(k.NextKey(), Wallets.WalletTestKit.Terms(GrantKind.Purchased, 1 * Usd)), k.Now))));
    }

    [Fact]
    public void Debits_below_the_threshold_announce_balance_low_once_and_a_grant_above_it_recovers_once()
    {
        var kit = new AnnouncingKit(threshold: 5 * Usd);
        kit.Step(k => k.Record(k.Wallet.GrantCredits(new GrantCredits(k.NextKey(), Wallets.WalletTestKit.Terms(GrantKind.Purchased, 10 * Usd)), k.Now)));
        Assert.Empty(kit.Announced); // the first funding is not a recovery

        for (var i = 0; i < 9; i++) kit.Step(k => k.Debit(1 * Usd));

        var low = Assert.Single(kit.Announced);
        Assert.Equal(EventTypes.BalanceLow, low.Type);
        Assert.Equal(8, low.Sequence); // opened 1, granted 2, the sixth debit (8) left 4 USD
        using (var payload = JsonDocument.Parse(low.Payload))
        {
            Assert.Equal("4000000000", payload.RootElement.GetProperty("available").GetProperty("value").GetString());
            Assert.Equal("5", payload.RootElement.GetProperty("threshold").GetProperty("usd").GetString());
        }

        kit.Step(k => k.Record(k.Wallet.GrantCredits(new GrantCredits(k.NextKey(), Wallets.WalletTestKit.Terms(GrantKind.Purchased, 2 * Usd)), k.Now)));
        Assert.Equal([EventTypes.BalanceLow], kit.Types); // 3 USD: still low
        kit.Step(k => k.Record(k.Wallet.GrantCredits(new GrantCredits(k.NextKey(), Wallets.WalletTestKit.Terms(GrantKind.Purchased, 2 * Usd)), k.Now)));
        Assert.Equal([EventTypes.BalanceLow, EventTypes.BalanceRecovered], kit.Types); // exactly 5 USD is not below 5
    }

    [Fact]
    public void The_debit_that_empties_the_wallet_announces_balance_low_then_depleted_with_one_cause()
    {
        var kit = new AnnouncingKit(threshold: 5 * Usd);
        kit.Step(k => k.Record(k.Wallet.GrantCredits(new GrantCredits(k.NextKey(), Wallets.WalletTestKit.Terms(GrantKind.Purchased, 10 * Usd)), k.Now)));
        kit.Announced.Clear();

        var announced = kit.Step(k => k.Debit(10 * Usd));

        Assert.Equal([EventTypes.BalanceLow, EventTypes.Depleted], announced.Select(a => a.Type));
        Assert.All(announced, a => Assert.Equal(kit.Kit.Wallet.Sequence, a.Sequence));
        Assert.Equal([0, 1], announced.Select(a => a.Index));
        Assert.Equal(2, announced.Select(a => a.Id).Distinct().Count());
        Assert.Empty(kit.Step(k => k.Debit(1))); // refused: nothing changed, nothing announced
    }

    [Fact]
    public void A_wallet_without_a_threshold_announces_depletion_but_never_low_or_recovered()
    {
        var kit = new AnnouncingKit(threshold: null);
        kit.Step(k => k.Record(k.Wallet.GrantCredits(new GrantCredits(k.NextKey(), Wallets.WalletTestKit.Terms(GrantKind.Purchased, 2 * Usd)), k.Now)));
        kit.Step(k => k.Debit(2 * Usd));
        kit.Step(k => k.Record(k.Wallet.GrantCredits(new GrantCredits(k.NextKey(), Wallets.WalletTestKit.Terms(GrantKind.Purchased, 2 * Usd)), k.Now)));

        Assert.Equal([EventTypes.Depleted], kit.Types);
    }

    [Fact]
    public void An_expired_grant_announces_grant_expired_with_its_breakage_dated_at_the_expiry_itself_not_when_it_was_noticed()
    {
        var kit = new AnnouncingKit(threshold: null);
        var expiry = kit.Kit.Now.AddDays(3);
        kit.Step(k => k.Record(k.Wallet.GrantCredits(new GrantCredits(k.NextKey(), Wallets.WalletTestKit.Terms(GrantKind.Promotional, 3 * Usd, expiresAt: expiry)), k.Now)));
        kit.Step(k => k.Debit(1 * Usd));
        kit.Kit.Now = expiry.AddMinutes(1);

        var announced = kit.Tick();

        Assert.Equal([EventTypes.GrantExpired, EventTypes.Depleted], announced.Select(a => a.Type));
        using var payload = JsonDocument.Parse(announced[0].Payload);
        Assert.Equal("2000000000", payload.RootElement.GetProperty("breakage").GetProperty("value").GetString());
        Assert.Equal("g2", payload.RootElement.GetProperty("grant_id").GetString());
        Assert.Equal(expiry, announced[0].At);
    }

    [Fact]
    public void An_expired_hold_announces_hold_expired_with_what_it_released()
    {
        var kit = new AnnouncingKit(threshold: null);
        kit.Step(k => k.Record(k.Wallet.GrantCredits(new GrantCredits(k.NextKey(), Wallets.WalletTestKit.Terms(GrantKind.Purchased, 3 * Usd)), k.Now)));
        var hold = kit.Kit.Authorize(1 * Usd, TimeSpan.FromMinutes(1)).Receipt!.Hold;
        kit.Kit.Now = kit.Kit.Now.AddMinutes(2);

        var announced = Assert.Single(kit.Tick());

        Assert.Equal(EventTypes.HoldExpired, announced.Type);
        using var payload = JsonDocument.Parse(announced.Payload);
        Assert.Equal(hold.Value, payload.RootElement.GetProperty("hold_id").GetString());
        Assert.Equal("1000000000", payload.RootElement.GetProperty("released")[0].GetProperty("amount").GetProperty("value").GetString());
    }

    [Fact]
    public void Settled_and_reversed_top_ups_are_announced_with_their_amounts()
    {
        var kit = new AnnouncingKit(threshold: null);
        GrantId TopUp(string nonce) =>
            kit.Kit.Record(kit.Kit.Wallet.CreditTopUp(new GrantCredits($"x402:{nonce}",
                Wallets.WalletTestKit.Terms(GrantKind.Purchased, 4 * Usd) with { Source = new GrantSource(GrantSourceKind.X402Payment, nonce) }), kit.Kit.Now)).Receipt!.Grant;
        var settled = TopUp("0x1");
        var reversed = TopUp("0x2");

        kit.Step(k => k.Record(k.Wallet.ConfirmTopUp(new ConfirmTopUp("s", settled, "0x" + new string('1', 64)), k.Now)));
        kit.Step(k => k.Debit(5 * Usd));
        var announced = kit.Step(k => k.Record(k.Wallet.ReverseTopUp(new ReverseTopUp("r", reversed, "transfer failed"), k.Now)));

        Assert.Equal([EventTypes.TopUpSettled, EventTypes.TopUpReversed, EventTypes.Depleted], kit.Types);
        using var payload = JsonDocument.Parse(announced[0].Payload);
        Assert.Equal("transfer failed", payload.RootElement.GetProperty("reason").GetString());
        Assert.Equal(4 * Usd, long.Parse(payload.RootElement.GetProperty("taken_back").GetProperty("value").GetString()!) +
                              long.Parse(payload.RootElement.GetProperty("receivable").GetProperty("value").GetString()!));
    }

    [Fact]
    public void An_event_id_is_a_function_of_its_cause_so_deriving_again_gives_the_same_ids()
    {
        Assert.Equal(Announcement.IdFor("t", "w", 7, 1), Announcement.IdFor("t", "w", 7, 1));
        Assert.NotEqual(Announcement.IdFor("t", "w", 7, 1), Announcement.IdFor("t", "w", 7, 0));
        Assert.NotEqual(Announcement.IdFor("t", "w1", 7, 1), Announcement.IdFor("t", "w", 17, 1));
        Assert.True(Identifier.IsValid(Announcement.IdFor("t", new string('w', 128), long.MaxValue, 3)));
    }
}
