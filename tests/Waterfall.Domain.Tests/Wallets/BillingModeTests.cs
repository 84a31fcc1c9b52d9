using Waterfall.Domain.Billing;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;

namespace Waterfall.Domain.Tests.Wallets;

public class BillingModeTests
{
    [Fact]
    public void Prepaid_refuses_a_charge_its_grants_cannot_cover_and_changes_nothing()
    {
        var kit = new WalletTestKit();
        kit.Grant(GrantKind.Purchased, 1_000);
        var sequence = kit.Wallet.Sequence;

        var outcome = kit.Debit(1_001);

        Assert.Equal(Reasons.InsufficientFunds, outcome.Refusal?.Reason);
        Assert.Equal("1", outcome.Refusal!.Metadata["shortfall"]);
        Assert.Empty(outcome.Events);
        Assert.Equal(sequence, kit.Wallet.Sequence);
        Assert.Equal(1_000, kit.Wallet.TotalRemaining(CreditUnit.Usd));
    }

    [Fact]
    public void Postpaid_burns_grants_first_then_accrues_the_rest_to_the_invoice()
    {
        var kit = new WalletTestKit(WalletTestKit.Settings(BillingMode.Postpaid));
        kit.Grant(GrantKind.Promotional, 1_000);

        var receipt = kit.Debit(5_000).Receipt!;

        Assert.Equal(1_000, receipt.Coverage.Draws.Sum(d => d.Amount));
        Assert.Equal(4_000, receipt.Coverage.Overage);
        Assert.Equal(4_000, kit.Wallet.AccruedOverage);
        var postings = kit.Journal[^1].Postings("w1");
        Assert.Contains(postings, p => p.Account == LedgerAccount.Receivable && p.Amount == 4_000);
    }

    [Fact]
    public void Hybrid_accrues_overage_up_to_its_limit_and_refuses_beyond()
    {
        var kit = new WalletTestKit(WalletTestKit.Settings(BillingMode.Hybrid, overageLimit: 3_000));
        kit.Grant(GrantKind.Purchased, 1_000);

        Assert.Equal(2_000, kit.Debit(3_000).Receipt!.Coverage.Overage);
        Assert.Equal(1_000, kit.Debit(1_000).Receipt!.Coverage.Overage);
        var refused = kit.Debit(1);

        Assert.Equal(Reasons.InsufficientFunds, refused.Refusal?.Reason);
        Assert.Equal(3_000, kit.Wallet.AccruedOverage);
    }

    [Fact]
    public void Unit_credit_cannot_accrue_even_when_postpaid()
    {
        var kit = new WalletTestKit(WalletTestKit.Settings(BillingMode.Postpaid));
        kit.Grant(GrantKind.Promotional, 10, CreditUnit.Requests);

        var outcome = kit.Debit(new Charges.AmountCharge(new Amount(11, CreditUnit.Requests), default));

        Assert.Equal(Reasons.InsufficientFunds, outcome.Refusal?.Reason);
        Assert.Equal("requests", outcome.Refusal!.Metadata["unit"]);
    }

    [Fact]
    public void Hybrid_holds_reserve_overage_headroom_so_concurrent_calls_cannot_exceed_the_limit()
    {
        var kit = new WalletTestKit(WalletTestKit.Settings(BillingMode.Hybrid, overageLimit: 1_000));

        var hold = kit.Authorize(800).Receipt!;
        var refused = kit.Debit(300);

        Assert.Equal(800, hold.Reserved.Overage);
        Assert.Equal(Reasons.InsufficientFunds, refused.Refusal?.Reason);
        Assert.True(kit.Debit(200).IsAccepted);
    }
}
