using Waterfall.Domain.Charges;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Holds;
using Waterfall.Domain.Money;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Tests.Wallets;

public class HoldTests
{
    [Fact]
    public void Authorize_reserves_grants_in_burn_order_and_lowers_what_is_available()
    {
        var kit = new WalletTestKit();
        var purchased = kit.Grant(GrantKind.Purchased, 1_000);
        var promotional = kit.Grant(GrantKind.Promotional, 500);

        var hold = kit.Authorize(800).Receipt!;

        Assert.Equal([new Draw(promotional, CreditUnit.Usd, 500), new Draw(purchased, CreditUnit.Usd, 300)], hold.Reserved.Draws);
        Assert.Equal(700, kit.Wallet.Available(CreditUnit.Usd, kit.Now));
        Assert.Equal(1_500, kit.Wallet.TotalRemaining(CreditUnit.Usd));
    }

    [Fact]
    public void Capture_less_than_the_hold_charges_the_actual_and_releases_the_rest()
    {
        var kit = new WalletTestKit();
        var purchased = kit.Grant(GrantKind.Purchased, 1_000);
        var hold = kit.Authorize(800).Receipt!;

        var capture = kit.Record(kit.Wallet.Capture(new CaptureHold(kit.NextKey(), hold.Hold, WalletTestKit.UsdCharge(250)), kit.Now)).Receipt!;

        Assert.Equal([new Draw(purchased, CreditUnit.Usd, 250)], capture.Captured.Draws);
        Assert.Equal([new Draw(purchased, CreditUnit.Usd, 550)], capture.Released);
        Assert.Equal(750, kit.Wallet.Available(CreditUnit.Usd, kit.Now));
        Assert.Empty(kit.Wallet.Holds);
    }

    [Fact]
    public void Capture_more_than_the_hold_is_refused_and_the_hold_stays_open()
    {
        var kit = new WalletTestKit();
        kit.Grant(GrantKind.Purchased, 1_000);
        var hold = kit.Authorize(100).Receipt!;

        var outcome = kit.Wallet.Capture(new CaptureHold(kit.NextKey(), hold.Hold, WalletTestKit.UsdCharge(101)), kit.Now);

        Assert.Equal(Reasons.CaptureExceedsHold, outcome.Refusal?.Reason);
        Assert.NotNull(kit.Wallet.FindHold(hold.Hold));
    }

    [Fact]
    public void Void_releases_everything_the_hold_reserved()
    {
        var kit = new WalletTestKit();
        kit.Grant(GrantKind.Purchased, 1_000);
        var hold = kit.Authorize(600).Receipt!;

        var voided = kit.Record(kit.Wallet.Void(new VoidHold(kit.NextKey(), hold.Hold), kit.Now)).Receipt!;

        Assert.Equal(600, voided.Released.Sum(d => d.Amount));
        Assert.Equal(1_000, kit.Wallet.Available(CreditUnit.Usd, kit.Now));
    }

    [Fact]
    public void A_hold_expires_on_its_own_after_its_ttl()
    {
        var kit = new WalletTestKit();
        kit.Grant(GrantKind.Purchased, 1_000);
        var hold = kit.Authorize(600, TimeSpan.FromSeconds(30)).Receipt!;

        kit.Now = kit.Now.AddSeconds(31);
        kit.Tick();

        Assert.IsType<HoldExpired>(kit.Journal[^1]);
        Assert.Null(kit.Wallet.FindHold(hold.Hold));
        Assert.Equal(1_000, kit.Wallet.Available(CreditUnit.Usd, kit.Now));
        var capture = kit.Wallet.Capture(new CaptureHold(kit.NextKey(), hold.Hold, WalletTestKit.UsdCharge(1)), kit.Now);
        Assert.Equal(Reasons.HoldNotFound, capture.Refusal?.Reason);
    }

    [Fact]
    public void Extending_a_hold_keeps_it_open_past_its_first_ttl()
    {
        var kit = new WalletTestKit();
        kit.Grant(GrantKind.Purchased, 1_000);
        var hold = kit.Authorize(600, TimeSpan.FromSeconds(30)).Receipt!;

        kit.Now = kit.Now.AddSeconds(20);
        kit.Record(kit.Wallet.Extend(new ExtendHold(kit.NextKey(), hold.Hold, TimeSpan.FromSeconds(30)), kit.Now));
        kit.Now = kit.Now.AddSeconds(20);
        kit.Tick();

        Assert.NotNull(kit.Wallet.FindHold(hold.Hold));
        Assert.Equal(kit.Now.AddSeconds(10), kit.Wallet.FindHold(hold.Hold)!.ExpiresAt);
    }

    [Fact]
    public void A_usage_hold_is_captured_with_the_actual_usage()
    {
        var kit = new WalletTestKit();
        kit.Grant(GrantKind.Purchased, 1_000_000_000);
        // Worst case: 1,000 in + 4,096 out at gpt-4o prices = 0.0025 + 0.04096 = 0.04346 USD.
        var estimate = WalletTestKit.Usage("gpt-4o", 1_000, 0.0000025m, 4_096, 0.00001m);
        var hold = kit.Record(kit.Wallet.Authorize(new AuthorizeHold(kit.NextKey(), estimate, TimeSpan.FromMinutes(1)), kit.Now)).Receipt!;
        // Actual: 1,000 in + 200 out = 0.0025 + 0.002 = 0.0045 USD.
        var actual = WalletTestKit.Usage("gpt-4o", 1_000, 0.0000025m, 200, 0.00001m);

        var capture = kit.Record(kit.Wallet.Capture(new CaptureHold(kit.NextKey(), hold.Hold, actual), kit.Now)).Receipt!;

        Assert.Equal(43_460_000, hold.Reserved.MoneyCost);
        Assert.Equal(4_500_000, capture.Captured.MoneyCost);
        Assert.Equal(38_960_000, capture.Released.Sum(d => d.Amount));
        Assert.Equal(1_000_000_000 - 4_500_000, kit.Wallet.Available(Money.CreditUnit.Usd, kit.Now));
    }

    [Fact]
    public void An_unknown_hold_is_not_found()
    {
        var kit = new WalletTestKit();

        var outcome = kit.Wallet.Void(new VoidHold(kit.NextKey(), new HoldId("h999")), kit.Now);

        Assert.Equal(Reasons.HoldNotFound, outcome.Refusal?.Reason);
    }

    [Fact]
    public void Held_credit_of_a_grant_that_expires_is_still_captured_and_the_released_rest_becomes_breakage()
    {
        var kit = new WalletTestKit();
        kit.Grant(GrantKind.Promotional, 1_000, expiresAt: kit.Now.AddMinutes(1));
        var hold = kit.Authorize(600, TimeSpan.FromMinutes(5)).Receipt!;

        kit.Now = kit.Now.AddMinutes(2);
        kit.Tick(); // 400 unheld credit expires
        var capture = kit.Record(kit.Wallet.Capture(new CaptureHold(kit.NextKey(), hold.Hold, WalletTestKit.UsdCharge(100)), kit.Now)).Receipt!;
        kit.Tick(); // the 500 released into the expired grant expires too

        Assert.Equal(100, capture.Captured.MoneyCost);
        var breakage = kit.Journal.OfType<GrantExpired>().Sum(e => e.Amount.Value);
        Assert.Equal(900, breakage);
        Assert.Equal(0, kit.Wallet.TotalRemaining(CreditUnit.Usd));
    }
}
