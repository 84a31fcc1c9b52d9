using CsCheck;
using Waterfall.Domain.Refills;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Tests.Wallets;

/// <summary>An invoice-funded refill rule needs a subscription whose invoice bills the wallet (docs/refill.md).</summary>
public class RefillBillingTests
{
    private const long Usd = 1_000_000_000;

    private static readonly RefillRule InvoiceRule = new(Usd, RefillMode.Fixed, 5 * Usd, 50 * Usd);

    private static Outcome<RefillRuleReceipt> SetRule(WalletTestKit kit, RefillRule? rule = null, string? key = null) =>
        kit.Record(kit.Wallet.SetRefillRule(new SetRefillRule(key ?? kit.NextKey(), rule ?? InvoiceRule), kit.Now));

    [Fact]
    public void An_invoice_rule_on_a_wallet_no_subscription_bills_is_refused_not_billable_and_changes_nothing()
    {
        var kit = new WalletTestKit();
        var before = kit.Wallet.Sequence;

        var outcome = SetRule(kit);

        Assert.Equal(Reasons.RefillNotBillable, outcome.Refusal!.Reason);
        Assert.Contains("subscribe the wallet to a plan", outcome.Refusal.Message, StringComparison.Ordinal);
        Assert.Contains("usdc_allowance", outcome.Refusal.Message, StringComparison.Ordinal);
        Assert.Empty(outcome.Events);
        Assert.Equal(before, kit.Wallet.Sequence);
        Assert.Null(kit.Wallet.Refill.Rule);
    }

    [Fact]
    public void A_bad_rule_on_an_unbilled_wallet_is_refused_for_its_fields_first()
    {
        var kit = new WalletTestKit();

        var outcome = SetRule(kit, new RefillRule(-1, RefillMode.Fixed, 5 * Usd, 50 * Usd));

        Assert.Equal(Reasons.InvalidArgument, outcome.Refusal!.Reason);
        Assert.Equal(["rule.threshold"], outcome.Refusal.Violations.Select(v => v.Field));
    }

    [Fact]
    public void A_subscribed_wallet_accepts_an_invoice_rule()
    {
        var kit = new WalletTestKit();
        kit.Subscribe();

        var outcome = SetRule(kit);

        Assert.True(outcome.IsAccepted, outcome.ToString());
        Assert.Equal(RefillFunding.Invoice, kit.Wallet.Refill.Rule!.Funding);
        Assert.True(kit.Wallet.IsBilledAt(kit.Now));
    }

    [Fact]
    public void A_subscription_canceled_at_period_end_bills_the_wallet_until_that_end_and_not_after()
    {
        var kit = new WalletTestKit();
        kit.Subscribe();
        var periodEnd = kit.Now.AddDays(10);
        Assert.True(kit.Record(kit.Wallet.CancelSubscription(kit.Now, periodEnd)).IsAccepted);

        kit.Now = periodEnd.AddTicks(-1);
        Assert.True(SetRule(kit).IsAccepted);
        kit.Now = periodEnd;
        Assert.Equal(Reasons.RefillNotBillable, SetRule(kit, InvoiceRule with { Amount = 6 * Usd }).Refusal!.Reason);
        Assert.Equal(5 * Usd, kit.Wallet.Refill.Rule!.Amount);
    }

    [Fact]
    public void A_subscription_canceled_now_stops_billing_and_another_started_later_bills_again()
    {
        var kit = new WalletTestKit();
        kit.Subscribe("sub-1");
        kit.Record(kit.Wallet.CancelSubscription(kit.Now, kit.Now, "sub-1"));
        Assert.Equal(Reasons.RefillNotBillable, SetRule(kit).Refusal!.Reason);

        kit.Now = kit.Now.AddDays(3);
        kit.Subscribe("sub-2");

        Assert.True(SetRule(kit).IsAccepted);
        Assert.Equal([new BillingSubscription("sub-2", null)], kit.Wallet.BilledBy);
    }

    [Fact]
    public void Disabling_and_clearing_an_invoice_rule_are_never_refused_once_the_subscription_ended()
    {
        var kit = new WalletTestKit();
        kit.Subscribe();
        Assert.True(SetRule(kit).IsAccepted);
        kit.Record(kit.Wallet.CancelSubscription(kit.Now, kit.Now));
        kit.Now = kit.Now.AddDays(1);

        Assert.True(kit.Record(kit.Wallet.DisableRefillRule(new DisableRefillRule(kit.NextKey(), "subscription ended"), kit.Now)).IsAccepted);
        Assert.True(kit.Record(kit.Wallet.ClearRefillRule(new ClearRefillRule(kit.NextKey()), kit.Now)).IsAccepted);
        Assert.Null(kit.Wallet.Refill.Rule);
    }

    [Fact]
    public void Setting_a_rule_again_with_its_key_after_the_subscription_ended_replays_the_first_answer()
    {
        var kit = new WalletTestKit();
        kit.Subscribe();
        var first = SetRule(kit, key: "rule-1");
        kit.Record(kit.Wallet.CancelSubscription(kit.Now, kit.Now));

        var again = SetRule(kit, key: "rule-1");

        Assert.True(again.IsReplay);
        Assert.Equal(first.Receipt, again.Receipt);
    }

    [Fact]
    public void Replaying_the_journal_or_restoring_a_snapshot_keeps_which_subscriptions_bill_the_wallet()
    {
        var kit = new WalletTestKit();
        kit.Subscribe("sub-1");
        kit.Record(kit.Wallet.CancelSubscription(kit.Now, kit.Now.AddDays(5), "sub-1"));

        var replayed = new Wallet(kit.Wallet.Key);
        foreach (var e in kit.Journal) replayed.Apply(e);
        var restored = Wallet.Restore(kit.Wallet.Key, kit.Wallet.ToSnapshot());

        foreach (var wallet in new[] { replayed, restored })
        {
            Assert.Equal([new BillingSubscription("sub-1", kit.Now.AddDays(5))], wallet.BilledBy);
            Assert.True(wallet.SetRefillRule(new SetRefillRule("r", InvoiceRule), kit.Now.AddDays(4)).IsAccepted);
        }
    }

    [Fact]
    public void A_snapshot_taken_before_wallets_knew_their_subscriptions_restores_as_billed_by_none()
    {
        var kit = new WalletTestKit();
        var old = kit.Wallet.ToSnapshot() with { BilledBy = null };

        var restored = Wallet.Restore(kit.Wallet.Key, old);

        Assert.Empty(restored.BilledBy);
        Assert.False(restored.IsBilledAt(kit.Now));
    }

    private sealed record Change(int Subscription, bool Started, int EndsInHours, int AfterHours);

    private static readonly Gen<(Change[] Changes, int AskAfterHours)> Histories =
        Gen.Select(
            Gen.Select(Gen.Int[1, 3], Gen.Bool, Gen.Int[0, 72], Gen.Int[0, 48], (s, started, ends, after) => new Change(s, started, ends, after)).Array[0, 12],
            Gen.Int[0, 96], (changes, ask) => (changes, ask));

    [Fact]
    public void An_invoice_rule_is_accepted_iff_a_subscription_bills_the_wallet_at_that_time()
    {
        Histories.Sample(history =>
        {
            var kit = new WalletTestKit();
            var last = new Dictionary<int, (bool Started, DateTimeOffset EndsAt)>();
            foreach (var change in history.Changes)
            {
                kit.Now = kit.Now.AddHours(change.AfterHours);
                var id = $"sub-{change.Subscription}";
                var key = $"{id}:{kit.NextKey()}";
                var endsAt = kit.Now.AddHours(change.EndsInHours);
                var recorded = kit.Record(kit.Wallet.RecordSubscriptionChange(new RecordSubscriptionChange(key, id, "plan-1", 1,
                    change.Started ? SubscriptionChange.Started : SubscriptionChange.Canceled, change.Started ? null : endsAt), kit.Now));
                Assert.True(recorded.IsAccepted, recorded.ToString());
                last[change.Subscription] = (change.Started, endsAt);
            }
            kit.Now = kit.Now.AddHours(history.AskAfterHours);
            var billed = last.Values.Any(c => c.Started || kit.Now < c.EndsAt);

            var outcome = SetRule(kit);
            var restored = Wallet.Restore(kit.Wallet.Key, kit.Wallet.ToSnapshot());

            Assert.Equal(billed, outcome.IsAccepted);
            if (!billed) Assert.Equal(Reasons.RefillNotBillable, outcome.Refusal!.Reason);
            Assert.Equal(billed, restored.IsBilledAt(kit.Now));
        });
    }
}
