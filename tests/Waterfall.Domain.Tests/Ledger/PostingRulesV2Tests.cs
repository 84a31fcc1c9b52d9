using Waterfall.Domain.Grants;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;
using Waterfall.Domain.Tests.Wallets;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Tests.Ledger;

/// <summary>Worked examples of the v2 posting rules (docs/ledger.md shows the same ones).</summary>
public class PostingRulesV2Tests
{
    private static readonly DateTimeOffset Now = WalletTestKit.Epoch;

    private static IReadOnlyList<(string Account, string Unit, long Amount)> Posted(WalletTestKit kit, int fromEnd = 1)
    {
        var transactions = WalletBooks.Post(kit.Wallet.Key, kit.Journal).ToList();
        return transactions[^fromEnd].Postings.Select(p => (p.Account.Code, p.Unit.Code, p.Amount)).ToList();
    }

    private static GrantId Grant(WalletTestKit kit, GrantKind kind, long amount, CreditUnit unit, decimal? costBasis, DateTimeOffset? expiresAt = null)
    {
        var terms = WalletTestKit.Terms(kind, amount, unit, expiresAt) with { CostBasis = costBasis };
        return kit.Record(kit.Wallet.GrantCredits(new GrantCredits(kit.NextKey(), terms), kit.Now)).Receipt!.Grant;
    }

    [Fact]
    public void Purchased_credit_moves_cash_into_the_wallets_deferred_revenue()
    {
        var kit = new WalletTestKit();
        Grant(kit, GrantKind.Purchased, 10_000_000_000, CreditUnit.Usd, 1m);
        Assert.Equal([("treasury", "usd", 10_000_000_000L), ("wallet:w1:available", "usd", -10_000_000_000L)], Posted(kit));
    }

    [Fact]
    public void Using_purchased_credit_recognizes_revenue()
    {
        var kit = new WalletTestKit();
        Grant(kit, GrantKind.Purchased, 10_000, CreditUnit.Usd, 1m);
        kit.Debit(4_000);
        Assert.Equal([("wallet:w1:available", "usd", 4_000L), ("revenue", "usd", -4_000L)], Posted(kit));
    }

    [Fact]
    public void Promotional_credit_is_memo_and_its_use_is_promotional_usage_never_revenue()
    {
        var kit = new WalletTestKit();
        Grant(kit, GrantKind.Promotional, 5_000, CreditUnit.Usd, 0m);
        Assert.Equal([("promotion_granted", "usd", 5_000L), ("wallet:w1:promotional", "usd", -5_000L)], Posted(kit));
        kit.Debit(2_000);
        Assert.Equal([("wallet:w1:promotional", "usd", 2_000L), ("promotional_usage", "usd", -2_000L)], Posted(kit));
    }

    [Fact]
    public void A_paid_unit_grant_reaches_revenue_at_cost_basis_times_units()
    {
        var kit = new WalletTestKit();
        Grant(kit, GrantKind.Purchased, 10_000, CreditUnit.Tokens, 0.000002m);
        Assert.Equal([("units_issued", "tokens", 10_000L), ("wallet:w1:units", "tokens", -10_000L),
                      ("treasury", "usd", 20_000_000L), ("wallet:w1:unit_value", "usd", -20_000_000L)], Posted(kit));

        kit.Debit(WalletTestKit.Usage("gpt-4o", 1_000, 0.0000025m, 500, 0.00001m));
        Assert.Equal([("wallet:w1:units", "tokens", 1_500L), ("units_used", "tokens", -1_500L),
                      ("wallet:w1:unit_value", "usd", 3_000_000L), ("revenue", "usd", -3_000_000L)], Posted(kit));
    }

    [Fact]
    public void Expired_paid_credit_is_breakage_and_expired_promotion_reverses_the_promotion()
    {
        var kit = new WalletTestKit();
        Grant(kit, GrantKind.Purchased, 7_000, CreditUnit.Usd, 1m, Now.AddDays(1));
        Grant(kit, GrantKind.Promotional, 3_000, CreditUnit.Tokens, 0m, Now.AddDays(1));
        kit.Now = Now.AddDays(2);
        kit.Tick();

        var expiries = WalletBooks.Post(kit.Wallet.Key, kit.Journal).Where(t => t.Kind == TransactionKind.GrantExpired)
            .SelectMany(t => t.Postings).Select(p => (Account: p.Account.Code, Unit: p.Unit.Code, p.Amount)).ToList();
        Assert.Equal(4, expiries.Count);
        Assert.Contains(("breakage", "usd", -7_000L), expiries);
        Assert.Contains(("unused_promotion", "tokens", -3_000L), expiries);
        Assert.DoesNotContain(expiries, p => p.Account == "breakage" && p.Unit == "tokens");
    }

    [Fact]
    public void A_hold_reserves_and_a_capture_recognizes_in_the_grants_own_accounts()
    {
        var kit = new WalletTestKit();
        Grant(kit, GrantKind.Promotional, 1_000, CreditUnit.Usd, 0m);
        Grant(kit, GrantKind.Purchased, 10_000, CreditUnit.Usd, 1m);
        var hold = kit.Authorize(3_000).Receipt!;
        Assert.Equal([("wallet:w1:promotional", "usd", 1_000L), ("wallet:w1:promotional_held", "usd", -1_000L),
                      ("wallet:w1:available", "usd", 2_000L), ("wallet:w1:held", "usd", -2_000L)], Posted(kit));

        kit.Capture(hold.Hold, WalletTestKit.UsdCharge(2_500));
        Assert.Equal([("wallet:w1:promotional_held", "usd", 1_000L), ("promotional_usage", "usd", -1_000L),
                      ("wallet:w1:held", "usd", 1_500L), ("revenue", "usd", -1_500L),
                      ("wallet:w1:held", "usd", 500L), ("wallet:w1:available", "usd", -500L)], Posted(kit));
    }

    [Fact]
    public void Overage_is_a_receivable_against_overage_revenue()
    {
        var kit = new WalletTestKit(WalletTestKit.Settings(Billing.BillingMode.Postpaid));
        kit.Debit(4_000);
        Assert.Equal([("receivable", "usd", 4_000L), ("overage_revenue", "usd", -4_000L)], Posted(kit));
    }

    [Fact]
    public void Posting_an_event_whose_grant_the_books_never_saw_fails_loudly()
    {
        var kit = new WalletTestKit();
        Grant(kit, GrantKind.Purchased, 10_000, CreditUnit.Usd, 1m);
        kit.Debit(1_000);
        var books = new WalletBooks(kit.Wallet.Key);
        Assert.Throws<InvalidOperationException>(() => books.Post(kit.Journal[^1]));
    }
}
