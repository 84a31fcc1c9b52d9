using Waterfall.Domain.Grants;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;
using Waterfall.Domain.Refills;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Tests.Wallets;

public class RefillTests
{
    private const long Usd = 1_000_000_000;

    private static RefillRule Fixed(long threshold, long amount, long cap) => new(threshold, RefillMode.Fixed, amount, cap);

    private static Outcome<RefillRuleReceipt> SetRule(WalletTestKit kit, RefillRule rule, string? key = null) =>
        kit.Record(kit.Wallet.SetRefillRule(new SetRefillRule(key ?? kit.NextKey(), rule), kit.Now));

    private static WalletTestKit WalletWith(long balance, RefillRule? rule)
    {
        var kit = new WalletTestKit();
        kit.Subscribe();
        if (balance > 0) kit.Grant(GrantKind.Purchased, balance);
        if (rule is not null) Assert.True(SetRule(kit, rule).IsAccepted);
        return kit;
    }

    [Fact]
    public void A_refill_rule_is_refused_field_by_field_and_changes_nothing()
    {
        var kit = WalletWith(0, null);
        var before = kit.Wallet.Sequence;

        var outcome = SetRule(kit, new RefillRule(-1, RefillMode.Target, 5 * Usd, 0, (RefillFunding)7));

        Assert.Equal(Reasons.InvalidArgument, outcome.Refusal!.Reason);
        Assert.Equal(["rule.threshold", "rule.monthly_cap", "rule.funding"], outcome.Refusal.Violations.Select(v => v.Field));
        Assert.Equal(["rule.amount"], SetRule(kit, new RefillRule(5 * Usd, RefillMode.Target, 5 * Usd, 10 * Usd)).Refusal!.Violations.Select(v => v.Field));
        Assert.Equal(["rule.amount"], SetRule(kit, Fixed(Usd, 0, Usd)).Refusal!.Violations.Select(v => v.Field));
        Assert.Equal(before, kit.Wallet.Sequence);
        Assert.Null(kit.Wallet.Refill.Rule);
    }

    [Fact]
    public void Setting_a_rule_again_with_its_key_replays_and_another_rule_under_that_key_is_refused()
    {
        var kit = WalletWith(0, null);
        var first = SetRule(kit, Fixed(Usd, 2 * Usd, 10 * Usd), "rule-1");

        var again = SetRule(kit, Fixed(Usd, 2 * Usd, 10 * Usd), "rule-1");
        var other = SetRule(kit, Fixed(Usd, 3 * Usd, 10 * Usd), "rule-1");

        Assert.True(again.IsReplay);
        Assert.Equal(first.Receipt, again.Receipt);
        Assert.Equal(Reasons.IdempotencyKeyReused, other.Refusal!.Reason);
        Assert.Equal(2 * Usd, kit.Wallet.Refill.Rule!.Amount);
    }

    [Fact]
    public void A_debit_that_takes_the_balance_below_the_threshold_refills_once_in_the_same_outcome()
    {
        var kit = WalletWith(10 * Usd, Fixed(5 * Usd, 20 * Usd, 100 * Usd));
        var ruleSequence = kit.Wallet.Refill.RuleSequence;

        var crossing = kit.Debit(6 * Usd);
        var next = kit.Debit(1 * Usd);

        Assert.Collection(crossing.Events, e => Assert.IsType<Debited>(e), e => Assert.IsType<Refilled>(e));
        var refill = (Refilled)crossing.Events[1];
        Assert.Equal(20 * Usd, refill.Amount);
        Assert.Equal(GrantKind.Purchased, refill.Terms.Kind);
        Assert.Equal(new GrantSource(GrantSourceKind.Refill, $"refill-rule:{ruleSequence}:refill:1"), refill.Terms.Source);
        Assert.Single(next.Events);
        Assert.Equal(23 * Usd, kit.Wallet.RefillBalance(kit.Now));
        Assert.Equal(1, kit.Wallet.Refill.Refills);
        Assert.Equal(20 * Usd, kit.Wallet.Refill.RefilledInMonthOf(kit.Now));
    }

    [Fact]
    public void A_target_rule_refills_up_to_its_target()
    {
        var kit = WalletWith(10 * Usd, new RefillRule(5 * Usd, RefillMode.Target, 30 * Usd, 100 * Usd));

        var crossing = kit.Debit(7 * Usd);

        Assert.Equal(27 * Usd, ((Refilled)crossing.Events[1]).Amount);
        Assert.Equal(30 * Usd, kit.Wallet.RefillBalance(kit.Now));
    }

    [Fact]
    public void A_fixed_refill_that_leaves_the_balance_below_the_threshold_does_not_refill_again_until_it_is_back_above()
    {
        var kit = WalletWith(10 * Usd, Fixed(8 * Usd, 1 * Usd, 100 * Usd));

        Assert.Equal(2, kit.Debit(4 * Usd).Events.Count); // 6 + 1 = 7: still below 8
        Assert.Single(kit.Debit(1 * Usd).Events);
        kit.Grant(GrantKind.Purchased, 5 * Usd); // 11: back above, armed again
        Assert.Equal(2, kit.Debit(4 * Usd).Events.Count);
    }

    [Fact]
    public void A_wallet_at_zero_with_a_rule_serves_the_debit_in_one_step_refill_first()
    {
        var kit = WalletWith(0, Fixed(1 * Usd, 5 * Usd, 100 * Usd));

        var debit = kit.Debit(3 * Usd);

        Assert.True(debit.IsAccepted, debit.ToString());
        Assert.Collection(debit.Events, e => Assert.IsType<Refilled>(e), e => Assert.IsType<Debited>(e));
        Assert.Equal(((Refilled)debit.Events[0]).Grant, Assert.Single(debit.Receipt!.Coverage.Draws).Grant);
        Assert.Equal(2 * Usd, kit.Wallet.RefillBalance(kit.Now));
    }

    [Fact]
    public void A_wallet_at_zero_without_a_rule_is_refused_for_insufficient_funds()
    {
        var kit = WalletWith(0, null);

        var debit = kit.Debit(3 * Usd);

        Assert.Equal(Reasons.InsufficientFunds, debit.Refusal!.Reason);
        Assert.Empty(debit.Events);
    }

    [Fact]
    public void A_charge_even_a_refill_cannot_cover_is_refused_and_changes_nothing()
    {
        var kit = WalletWith(1 * Usd, Fixed(1 * Usd / 2, 5 * Usd, 100 * Usd));
        var before = kit.Wallet.ToSnapshot();

        var debit = kit.Debit(7 * Usd);

        Assert.Equal(Reasons.InsufficientFunds, debit.Refusal!.Reason);
        Assert.Empty(debit.Events);
        Assert.Equal(before.Sequence, kit.Wallet.Sequence);
        Assert.Equal(before.Refill, kit.Wallet.Refill);
    }

    [Fact]
    public void A_hold_on_an_empty_wallet_with_a_rule_is_placed_on_a_refill()
    {
        var kit = WalletWith(0, new RefillRule(1 * Usd, RefillMode.Target, 10 * Usd, 100 * Usd));

        var hold = kit.Authorize(4 * Usd);

        Assert.True(hold.IsAccepted, hold.ToString());
        Assert.Equal(10 * Usd, ((Refilled)hold.Events[0]).Amount);
        Assert.Equal(4 * Usd, kit.Wallet.TotalHeld(CreditUnit.Usd));
    }

    [Fact]
    public void The_monthly_cap_limits_refills_within_a_month_and_a_new_month_refills_again()
    {
        var kit = WalletWith(0, Fixed(1 * Usd, 4 * Usd, 6 * Usd));

        Assert.Equal(4 * Usd, ((Refilled)kit.Debit(3 * Usd).Events[0]).Amount);
        Assert.Equal(2 * Usd, ((Refilled)kit.Debit(2 * Usd).Events[0]).Amount); // what the cap has left
        var capped = kit.Debit(2 * Usd);
        Assert.Equal(Reasons.InsufficientFunds, capped.Refusal!.Reason);
        Assert.Equal(6 * Usd, kit.Wallet.Refill.RefilledInMonthOf(kit.Now));

        kit.Now = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.True(kit.Debit(2 * Usd).IsAccepted);
        Assert.Equal(4 * Usd, kit.Wallet.Refill.RefilledInMonthOf(kit.Now));
    }

    [Fact]
    public void A_refill_is_owed_on_invoice_receivable_to_the_wallets_deferred_revenue()
    {
        var kit = WalletWith(0, Fixed(1 * Usd, 5 * Usd, 100 * Usd));
        var refill = (Refilled)kit.Debit(3 * Usd).Events[0];

        var v1 = refill.Postings("w1");
        var v2 = PostingRules.PostV2(refill, "w1", new GrantDirectory());

        Assert.Equal(TransactionKind.Refilled, refill.Kind);
        foreach (var postings in new[] { v1, v2 })
        {
            Assert.Contains(new Posting(LedgerAccount.Receivable, CreditUnit.Usd, 5 * Usd, refill.Grant), postings);
            Assert.Contains(new Posting(LedgerAccount.Available("w1"), CreditUnit.Usd, -5 * Usd, refill.Grant), postings);
            Assert.Equal(2, postings.Count);
        }
        Assert.All(kit.Ledger, t => Assert.True(t.IsBalanced));
        Assert.Equal(2 * Usd, kit.WalletLiability(CreditUnit.Usd));
    }

    [Fact]
    public void A_disabled_rule_says_why_and_refills_nothing_until_it_is_set_again()
    {
        var kit = WalletWith(0, Fixed(1 * Usd, 5 * Usd, 100 * Usd));

        var disabled = kit.Record(kit.Wallet.DisableRefillRule(new DisableRefillRule(kit.NextKey(), "invoice INV-7 unpaid"), kit.Now));

        Assert.False(disabled.Receipt!.State.Enabled);
        Assert.Equal("invoice INV-7 unpaid", kit.Wallet.Refill.DisabledReason);
        Assert.Equal(Reasons.InsufficientFunds, kit.Debit(1 * Usd).Refusal!.Reason);
        Assert.True(SetRule(kit, Fixed(1 * Usd, 5 * Usd, 100 * Usd)).Receipt!.State.Enabled);
        Assert.True(kit.Debit(1 * Usd).IsAccepted);
    }

    [Fact]
    public void Clearing_the_rule_stops_refills_and_clearing_twice_is_refused()
    {
        var kit = WalletWith(0, Fixed(1 * Usd, 5 * Usd, 100 * Usd));

        Assert.True(kit.Record(kit.Wallet.ClearRefillRule(new ClearRefillRule(kit.NextKey()), kit.Now)).IsAccepted);

        Assert.Equal(Reasons.RefillRuleNotFound, kit.Wallet.ClearRefillRule(new ClearRefillRule(kit.NextKey()), kit.Now).Refusal!.Reason);
        Assert.Equal(Reasons.InsufficientFunds, kit.Debit(1 * Usd).Refusal!.Reason);
    }

    [Fact]
    public void A_grant_cannot_claim_a_refill_as_its_source()
    {
        var kit = WalletWith(0, null);
        var terms = WalletTestKit.Terms(GrantKind.Purchased, Usd) with { Source = new GrantSource(GrantSourceKind.Refill, "forged") };

        var outcome = kit.Wallet.GrantCredits(new GrantCredits(kit.NextKey(), terms), kit.Now);

        Assert.Equal("source.kind", Assert.Single(outcome.Refusal!.Violations).Field);
    }

    [Fact]
    public void Replaying_the_journal_or_restoring_a_snapshot_keeps_the_rule_and_its_months_usage()
    {
        var kit = WalletWith(0, Fixed(1 * Usd, 4 * Usd, 6 * Usd));
        kit.Debit(3 * Usd);
        kit.Debit(2 * Usd);

        var replayed = new Wallet(kit.Wallet.Key);
        foreach (var e in kit.Journal) replayed.Apply(e);
        var restored = Wallet.Restore(kit.Wallet.Key, kit.Wallet.ToSnapshot());

        foreach (var wallet in new[] { replayed, restored })
        {
            Assert.Equal(kit.Wallet.Refill, wallet.Refill);
            Assert.Equal(6 * Usd, wallet.Refill.RefilledInMonthOf(kit.Now));
            Assert.Equal(Reasons.InsufficientFunds, wallet.Debit(new DebitWallet("after", WalletTestKit.UsdCharge(2 * Usd)), kit.Now).Refusal!.Reason);
        }
    }
}
