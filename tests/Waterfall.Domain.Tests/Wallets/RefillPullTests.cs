using Waterfall.Domain.Grants;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;
using Waterfall.Domain.Refills;
using Waterfall.Domain.Settlement;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Tests.Wallets;

/// <summary>A usdc-allowance refill in the wallet: whole USDC units within the permit's cap, pending until its pull settles.</summary>
public class RefillPullTests
{
    private const long Usd = 1_000_000_000;
    private const string Spender = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
    private const string Network = "eip155:8453";
    private const string PayTo = "0x00000000000000000000000000000000000000aa";

    private static UsdcAllowance Permit(long cap) => new(
        Network, "0x90F79bf6EB2c4f870365E785982E1f101E93b906", Spender, cap, WalletTestKit.Epoch.AddDays(1).ToUnixTimeSeconds(),
        "0x" + new string('a', 128) + "1b");

    /// <summary>A wallet with <paramref name="usd"/> nano-dollars and "below USD 1, refill by <paramref name="amount"/>" pulled under a permit for <paramref name="capUnits"/>.</summary>
    private static (WalletTestKit Kit, long RuleSequence) WalletWith(long usd, long amount, long capUnits)
    {
        var kit = new WalletTestKit();
        if (usd > 0) kit.Grant(GrantKind.Purchased, usd);
        var set = kit.Record(kit.Wallet.SetRefillRule(new SetRefillRule(kit.NextKey(),
            new RefillRule(1 * Usd, RefillMode.Fixed, amount, 100 * Usd, RefillFunding.UsdcAllowance, Permit(capUnits)), Spender, [Network]), kit.Now));
        Assert.True(set.IsAccepted, set.ToString());
        return (kit, set.Receipt!.Sequence);
    }

    [Fact]
    public void A_refill_pulled_from_an_allowance_is_funded_by_settlement_pending_and_waits_for_its_pull()
    {
        var (kit, ruleSequence) = WalletWith(2 * Usd, 5 * Usd, 50_000_000);
        var refill = (Refilled)kit.Debit(Usd + Usd / 2).Events[1];

        Assert.Equal(new GrantSource(GrantSourceKind.Refill, UsdcAllowance.PullKey(ruleSequence, 1)), refill.Terms.Source);
        foreach (var postings in new[] { refill.Postings("w1"), PostingRules.PostV2(refill, "w1", new GrantDirectory()) })
            Assert.Contains(new Posting(LedgerAccount.SettlementPending, CreditUnit.Usd, 5 * Usd, refill.Grant), postings);
        Assert.Equal(refill.Grant, Assert.Single(kit.Wallet.PendingTopUps).Grant);
        Assert.Equal(5_000_000, kit.Wallet.Refill.Rule!.Allowance!.Pulled);
        Assert.True(kit.Wallet.Refill.Rule.Allowance.PermitSubmitted);
        var pull = Assert.Single(kit.Wallet.PendingPulls(n => n == Network ? PayTo : null));
        Assert.Equal((refill.Grant.Value, UsdcAllowance.PullKey(ruleSequence, 1), 5_000_000L, PayTo), (pull.Grant, pull.PullKey, pull.Units, pull.To));
        Assert.Empty(kit.Wallet.PendingPulls(_ => null));
    }

    [Fact]
    public void A_pulled_refill_is_whole_usdc_units_and_never_more_than_the_permit_has_left()
    {
        var (kit, _) = WalletWith(2 * Usd, 5 * Usd + 1_500, capUnits: 3_250_000);

        var refill = (Refilled)kit.Debit(Usd + Usd / 2).Events[1];

        Assert.Equal(3_250_000 * NanoDollars.PerUsdcAtomicUnit, refill.Amount); // the cap's USD 3.25, not the rule's 5.0000015
        Assert.Equal(0, kit.Wallet.Refill.Rule!.Allowance!.LeftNanos);
    }

    [Fact]
    public void A_reversed_pull_takes_the_unspent_refill_back_and_gives_its_units_back_to_the_cap()
    {
        var (kit, _) = WalletWith(2 * Usd, 5 * Usd, 50_000_000);
        var refill = (Refilled)kit.Debit(Usd + Usd / 2).Events[1];

        var reversed = kit.Record(kit.Wallet.ReverseTopUp(new ReverseTopUp(kit.NextKey(), refill.Grant, "transferFrom reverted"), kit.Now));

        Assert.True(reversed.IsAccepted, reversed.ToString());
        Assert.Equal(5 * Usd, reversed.Receipt!.TakenBack);
        Assert.Equal(Usd / 2, kit.Wallet.Available(CreditUnit.Usd, kit.Now));
        Assert.Equal(0, kit.Wallet.Refill.Rule!.Allowance!.Pulled);
        Assert.Empty(kit.Wallet.PendingTopUps);
        Assert.All(kit.Ledger, t => Assert.True(t.IsBalanced));
    }

    [Fact]
    public void A_usdc_allowance_rule_for_a_network_this_service_does_not_pull_on_is_refused_and_changes_nothing()
    {
        var kit = new WalletTestKit();
        var rule = new RefillRule(1 * Usd, RefillMode.Fixed, 5 * Usd, 100 * Usd, RefillFunding.UsdcAllowance, Permit(50_000_000));

        var outcome = kit.Record(kit.Wallet.SetRefillRule(new SetRefillRule(kit.NextKey(), rule, Spender, ["eip155:1"]), kit.Now));

        Assert.Equal(["rule.allowance.network"], outcome.Refusal!.Violations.Select(v => v.Field));
        Assert.Null(kit.Wallet.Refill.Rule);
    }

    [Fact]
    public void A_client_cannot_grant_with_a_pulled_refills_source()
    {
        var kit = new WalletTestKit();
        var terms = WalletTestKit.Terms(GrantKind.Purchased, Usd) with { Source = new GrantSource(GrantSourceKind.Refill, UsdcAllowance.PullKey(1, 1)) };

        Assert.Equal("source.kind", Assert.Single(kit.Wallet.GrantCredits(new GrantCredits(kit.NextKey(), terms), kit.Now).Refusal!.Violations).Field);
        Assert.Equal("source.kind", Assert.Single(kit.Wallet.CreditTopUp(new GrantCredits(kit.NextKey(), terms), kit.Now).Refusal!.Violations).Field);
    }
}
