using Waterfall.Domain.Charges;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Money;
using Waterfall.Domain.Refills;
using Waterfall.Domain.Tests.Wallets;
using Waterfall.Domain.Wallets;
using Waterfall.Ledger.Serialization;

namespace Waterfall.Ledger.Tests;

public class RefillJsonTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static (Wallet Wallet, List<WalletEvent> Journal, List<Receipt> Receipts) RefilledWallet()
    {
        var wallet = new Wallet(new WalletKey("t1", "w1"));
        var journal = new List<WalletEvent>();
        var receipts = new List<Receipt>();
        void Take<T>(Outcome<T> outcome) where T : Receipt
        {
            Assert.True(outcome.IsAccepted, outcome.ToString());
            journal.AddRange(outcome.Events);
            receipts.Add(outcome.Receipt!);
        }
        Take(wallet.Open(new OpenWallet("open", WalletSettings.Default), At));
        Take(wallet.StartSubscription(At));
        Take(wallet.SetRefillRule(new SetRefillRule("rule", new RefillRule(1_000, RefillMode.Target, 5_000, 20_000)), At));
        Take(wallet.Debit(new DebitWallet("d1", new AmountCharge(Amount.Usd(3_000), default)), At)); // refill first, then the debit
        Take(wallet.Debit(new DebitWallet("d2", new AmountCharge(Amount.Usd(1_500), default)), At)); // crosses: debit, then refill
        Take(wallet.DisableRefillRule(new DisableRefillRule("off", "invoice unpaid"), At));
        Take(wallet.SetRefillRule(new SetRefillRule("rule-2", new RefillRule(1_000, RefillMode.Fixed, 2_000, 20_000)), At));
        Take(wallet.ClearRefillRule(new ClearRefillRule("clear"), At));
        return (wallet, journal, receipts);
    }

    [Fact]
    public void Refill_events_and_receipts_survive_a_round_trip_and_replay_to_the_same_wallet()
    {
        var (wallet, journal, receipts) = RefilledWallet();
        Assert.Equal(2, journal.OfType<Refilled>().Count());

        var rebuilt = new Wallet(wallet.Key);
        foreach (var e in journal)
        {
            var json = LedgerJson.Serialize(e);
            var back = LedgerJson.DeserializeEvent(json);
            Assert.Equal(json, LedgerJson.Serialize(back));
            Assert.Equal(e.Postings("w1"), back.Postings("w1"));
            rebuilt.Apply(back);
        }
        foreach (var receipt in receipts.OfType<RefillRuleReceipt>())
            Assert.Equal(receipt, LedgerJson.DeserializeReceipt(LedgerJson.Serialize(receipt)));
        Assert.Equal(LedgerJson.Serialize(wallet.ToSnapshot()), LedgerJson.Serialize(rebuilt.ToSnapshot()));
        Assert.Contains("\"type\":\"refilled\"", LedgerJson.Serialize(journal.OfType<Refilled>().First()), StringComparison.Ordinal);
    }

    [Fact]
    public void A_snapshot_keeps_the_months_refills_after_the_rule_is_cleared()
    {
        var (wallet, _, _) = RefilledWallet();

        var restored = Wallet.Restore(wallet.Key, LedgerJson.DeserializeSnapshot(LedgerJson.Serialize(wallet.ToSnapshot())));

        Assert.Null(restored.Refill.Rule);
        Assert.Equal(2, restored.Refill.Refills);
        Assert.Equal(wallet.Refill.RefilledInMonthOf(At), restored.Refill.RefilledInMonthOf(At));
        Assert.True(restored.Refill.RefilledInMonthOf(At) > 0);
    }

    [Fact]
    public void A_snapshot_keeps_the_subscriptions_that_bill_the_wallet_and_one_stored_before_them_still_restores()
    {
        var (wallet, _, _) = RefilledWallet();

        var restored = Wallet.Restore(wallet.Key, LedgerJson.DeserializeSnapshot(LedgerJson.Serialize(wallet.ToSnapshot())));
        var older = LedgerJson.Serialize(wallet.ToSnapshot() with { BilledBy = null });
        var restoredOlder = Wallet.Restore(wallet.Key, LedgerJson.DeserializeSnapshot(older));

        Assert.Equal([new BillingSubscription(SubscribedWallets.SubscriptionId, null)], restored.BilledBy);
        Assert.True(restored.IsBilledAt(At));
        Assert.DoesNotContain("billed", older, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(restoredOlder.BilledBy);
        Assert.Equal(wallet.Refill, restoredOlder.Refill);
    }

    [Fact]
    public void A_usdc_allowance_rule_is_stored_with_its_permit_as_usdc_allowance_and_an_invoice_rule_keeps_its_stored_name()
    {
        var permit = new UsdcAllowance("eip155:8453", "0x90F79bf6EB2c4f870365E785982E1f101E93b906", "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
            50_000_000, 1_900_000_000, "0x" + new string('a', 128) + "1b", Pulled: 5_000_000, PermitSubmitted: true);
        var allowance = new RefillRuleSet(2, At, "rule", "f", new RefillRule(1_000, RefillMode.Fixed, 5_000_000, 20_000_000, RefillFunding.UsdcAllowance, permit));
        var invoice = new RefillRuleSet(3, At, "rule-2", "f", new RefillRule(1_000, RefillMode.Fixed, 5_000, 20_000));

        var json = LedgerJson.Serialize(allowance);
        var back = Assert.IsType<RefillRuleSet>(LedgerJson.DeserializeEvent(json));

        Assert.Contains("\"funding\":\"usdc_allowance\"", json, StringComparison.Ordinal);
        Assert.Equal(allowance.Rule, back.Rule);
        Assert.Contains("\"funding\":\"Invoice\"", LedgerJson.Serialize(invoice), StringComparison.Ordinal);
        Assert.Equal(RefillFunding.Invoice, Assert.IsType<RefillRuleSet>(LedgerJson.DeserializeEvent(LedgerJson.Serialize(invoice))).Rule.Funding);
    }
}
