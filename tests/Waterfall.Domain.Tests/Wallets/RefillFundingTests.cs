using Waterfall.Domain.Ledger;
using Waterfall.Domain.Refills;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Tests.Wallets;

public class RefillFundingTests
{
    private const long Usd = 1_000_000_000;
    private const string Spender = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static UsdcAllowance Permit(long cap = 50_000_000, long? deadline = null) => new(
        "eip155:8453", "0x90F79bf6EB2c4f870365E785982E1f101E93b906", Spender, cap, deadline ?? Now.AddDays(1).ToUnixTimeSeconds(),
        "0x" + new string('a', 128) + "1b");

    private static RefillRule AllowanceRule(UsdcAllowance? permit) =>
        new(Usd, RefillMode.Fixed, 5 * Usd, 20 * Usd, RefillFunding.UsdcAllowance, permit);

    [Fact]
    public void A_usdc_allowance_rule_with_a_permit_for_this_services_account_is_valid()
    {
        Assert.Empty(AllowanceRule(Permit()).Violations(Spender.ToLowerInvariant(), Now));
    }

    [Fact]
    public void A_usdc_allowance_rule_without_a_permit_is_refused_on_the_allowance_field()
    {
        Assert.Equal(["rule.allowance"], AllowanceRule(null).Violations(Spender, Now).Select(v => v.Field));
    }

    [Fact]
    public void A_usdc_allowance_rule_with_a_wrong_spender_a_past_deadline_or_a_zero_cap_is_refused_field_by_field()
    {
        var rule = AllowanceRule(Permit(cap: 0, deadline: Now.ToUnixTimeSeconds()) with { Spender = "0x0000000000000000000000000000000000000001" });

        Assert.Equal(["rule.allowance.spender", "rule.allowance.cap", "rule.allowance.deadline"], rule.Violations(Spender, Now).Select(v => v.Field));
    }

    [Fact]
    public void A_permit_on_an_invoice_rule_is_refused()
    {
        var rule = new RefillRule(Usd, RefillMode.Fixed, 5 * Usd, 20 * Usd, RefillFunding.Invoice, Permit());

        Assert.Equal(["rule.allowance"], rule.Violations(Spender, Now).Select(v => v.Field));
    }

    [Fact]
    public void A_wallet_refuses_a_usdc_allowance_rule_while_it_has_no_settlement_account_to_pull_with_and_changes_nothing()
    {
        var kit = new WalletTestKit();
        var before = kit.Wallet.Sequence;

        var outcome = kit.Record(kit.Wallet.SetRefillRule(new SetRefillRule(kit.NextKey(), AllowanceRule(Permit())), kit.Now));

        Assert.Equal(Reasons.InvalidArgument, outcome.Refusal!.Reason);
        Assert.Equal(["rule.funding"], outcome.Refusal.Violations.Select(v => v.Field));
        Assert.Equal(before, kit.Wallet.Sequence);
        Assert.Null(kit.Wallet.Refill.Rule);
    }

    [Fact]
    public void Two_rules_that_differ_only_in_their_permit_have_different_fingerprints_and_an_invoice_rule_keeps_its_own()
    {
        var invoice = new SetRefillRule("k", new RefillRule(Usd, RefillMode.Fixed, 5 * Usd, 20 * Usd));
        var one = new SetRefillRule("k", AllowanceRule(Permit(cap: 1_000_000)));
        var other = new SetRefillRule("k", AllowanceRule(Permit(cap: 2_000_000)));

        Assert.NotEqual(one.Fingerprint(), other.Fingerprint());
        Assert.Equal(new SetRefillRule("k", new RefillRule(Usd, RefillMode.Fixed, 5 * Usd, 20 * Usd)).Fingerprint(), invoice.Fingerprint());
    }

    [Fact]
    public void A_wallet_no_subscription_bills_accepts_a_usdc_allowance_rule_with_its_permit_since_the_chain_pays_it()
    {
        var kit = new WalletTestKit();

        var outcome = kit.Record(kit.Wallet.SetRefillRule(new SetRefillRule(kit.NextKey(), AllowanceRule(Permit()), Spender), kit.Now));

        Assert.True(outcome.IsAccepted, outcome.ToString());
        Assert.Equal(RefillFunding.UsdcAllowance, kit.Wallet.Refill.Rule!.Funding);
        Assert.Equal(50_000_000, kit.Wallet.Refill.Rule.Allowance!.Cap);
        Assert.True(kit.Wallet.Refill.Enabled);
    }

    [Fact]
    public void A_wallet_refuses_a_permit_for_another_spender_naming_the_field_and_changes_nothing()
    {
        var kit = new WalletTestKit();
        var before = kit.Wallet.Sequence;

        var outcome = kit.Record(kit.Wallet.SetRefillRule(
            new SetRefillRule(kit.NextKey(), AllowanceRule(Permit()), "0x0000000000000000000000000000000000000002"), kit.Now));

        Assert.Equal(["rule.allowance.spender"], outcome.Refusal!.Violations.Select(v => v.Field));
        Assert.Equal(before, kit.Wallet.Sequence);
        Assert.Null(kit.Wallet.Refill.Rule);
    }

    [Fact]
    public void The_settlement_account_the_host_supplies_is_no_part_of_the_fingerprint()
    {
        Assert.Equal(new SetRefillRule("k", AllowanceRule(Permit())).Fingerprint(), new SetRefillRule("k", AllowanceRule(Permit()), Spender).Fingerprint());
    }
}
