using Waterfall.Domain.Grants;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Tests.Wallets;

public class TopUpTests
{
    private const string TxHash = "0x1111111111111111111111111111111111111111111111111111111111111111";

    private static GrantId TopUp(WalletTestKit kit, long nanos, string nonce = "0xabc") =>
        kit.Record(kit.Wallet.CreditTopUp(TopUpCredit(nanos, nonce), kit.Now)).Receipt!.Grant;

    private static GrantCredits TopUpCredit(long nanos, string nonce = "0xabc") =>
        new($"x402:{nonce}", WalletTestKit.Terms(GrantKind.Purchased, nanos) with { Source = new GrantSource(GrantSourceKind.X402Payment, nonce) },
            new Attribution(Payer: "0xpayer", Network: "eip155:8453"));

    private static long Balance(WalletTestKit kit, LedgerAccount account) =>
        kit.Ledger.SelectMany(t => t.Postings).Where(p => p.Account == account && p.Unit == CreditUnit.Usd).Sum(p => p.Amount);

    [Fact]
    public void An_x402_top_up_is_funded_by_cash_pending_settlement_until_it_settles()
    {
        var kit = new WalletTestKit();
        var grant = TopUp(kit, 10_000_000);

        Assert.Equal(10_000_000, Balance(kit, LedgerAccount.SettlementPending));
        Assert.Equal(0, Balance(kit, LedgerAccount.Treasury));
        Assert.Single(kit.Wallet.PendingTopUps);

        var settled = kit.Record(kit.Wallet.ConfirmTopUp(new ConfirmTopUp("settle:0xabc", grant, TxHash), kit.Now));

        Assert.True(settled.IsAccepted);
        Assert.Equal(0, Balance(kit, LedgerAccount.SettlementPending));
        Assert.Equal(10_000_000, Balance(kit, LedgerAccount.Treasury));
        Assert.Equal(TxHash, kit.Journal[^1].ToLedgerTransaction(kit.Wallet.Key).Attribution.TransactionHash);
        Assert.Equal("0xpayer", kit.Journal[^1].ToLedgerTransaction(kit.Wallet.Key).Attribution.Payer);
        Assert.Empty(kit.Wallet.PendingTopUps);
    }

    [Fact]
    public void A_pending_top_up_credited_again_after_the_wallet_forgot_its_key_answers_with_the_first_credit()
    {
        // The settlement repeats the credit until it has stored the grant: a day of RPC outage outlives the key window.
        var kit = new WalletTestKit();
        var grant = TopUp(kit, 10_000_000);
        kit.Now += TimeSpan.FromDays(2);
        kit.Tick();

        var again = kit.Record(kit.Wallet.CreditTopUp(TopUpCredit(10_000_000), kit.Now));

        Assert.True(again.IsReplay, again.ToString());
        Assert.Equal(grant, again.Receipt!.Grant);
        Assert.Equal(10_000_000, kit.Wallet.TotalRemaining(CreditUnit.Usd));
        Assert.Equal(10_000_000, Balance(kit, LedgerAccount.SettlementPending));
        Assert.Single(kit.Wallet.PendingTopUps);
    }

    [Fact]
    public void A_failed_payment_takes_back_the_unspent_credit_and_books_the_spent_part_as_receivable()
    {
        var kit = new WalletTestKit();
        var grant = TopUp(kit, 10_000_000);
        kit.Debit(3_000_000);

        var reversed = kit.Record(kit.Wallet.ReverseTopUp(new ReverseTopUp("reverse:0xabc", grant, "transfer failed: insufficient balance"), kit.Now)).Receipt!;

        Assert.Equal((7_000_000L, 3_000_000L), (reversed.TakenBack, reversed.Receivable));
        Assert.Equal(0, kit.Wallet.TotalRemaining(CreditUnit.Usd));
        Assert.Equal(0, Balance(kit, LedgerAccount.SettlementPending));
        Assert.Equal(3_000_000, Balance(kit, LedgerAccount.Receivable));
        Assert.Equal(Reasons.InsufficientFunds, kit.Debit(1).Refusal?.Reason);
    }

    [Fact]
    public void Credit_held_when_the_payment_fails_is_taken_back_when_the_hold_releases_it()
    {
        var kit = new WalletTestKit();
        var grant = TopUp(kit, 10_000_000);
        var hold = kit.Authorize(4_000_000).Receipt!;

        kit.Record(kit.Wallet.ReverseTopUp(new ReverseTopUp("reverse:0xabc", grant, "failed"), kit.Now));
        kit.Record(kit.Wallet.Capture(new CaptureHold(kit.NextKey(), hold.Hold, WalletTestKit.UsdCharge(1_000_000)), kit.Now));
        kit.Tick();

        Assert.IsType<RevokedCreditRecovered>(kit.Journal[^1]);
        Assert.Equal(0, kit.Wallet.TotalRemaining(CreditUnit.Usd));
        // Used: 1,000,000 captured from the hold; the 3,000,000 it released came back.
        Assert.Equal(1_000_000, Balance(kit, LedgerAccount.Receivable));
        Assert.All(kit.Ledger, t => Assert.True(t.IsBalanced));
    }

    [Fact]
    public void Only_a_pending_top_up_can_be_settled_or_reversed()
    {
        var kit = new WalletTestKit();
        var operatorGrant = kit.Grant(GrantKind.Purchased, 1_000);
        var topUp = TopUp(kit, 1_000);
        kit.Record(kit.Wallet.ConfirmTopUp(new ConfirmTopUp("s1", topUp, TxHash), kit.Now));

        Assert.Equal(Reasons.TopUpNotPending, kit.Wallet.ConfirmTopUp(new ConfirmTopUp("s2", operatorGrant, TxHash), kit.Now).Refusal?.Reason);
        Assert.Equal(Reasons.TopUpNotPending, kit.Wallet.ReverseTopUp(new ReverseTopUp("r1", topUp, "late"), kit.Now).Refusal?.Reason);
    }

    [Fact]
    public void The_same_payment_nonce_credits_once()
    {
        var kit = new WalletTestKit();
        TopUp(kit, 5_000);
        var terms = WalletTestKit.Terms(GrantKind.Purchased, 5_000) with { Source = new GrantSource(GrantSourceKind.X402Payment, "0xabc") };

        var again = kit.Wallet.CreditTopUp(new GrantCredits("x402:0xabc", terms, new Attribution(Payer: "0xpayer", Network: "eip155:8453")), kit.Now);

        Assert.True(again.IsReplay);
        Assert.Equal(5_000, kit.Wallet.TotalRemaining(CreditUnit.Usd));
    }

    [Fact]
    public void An_operator_grant_claiming_an_x402_payment_as_its_source_is_refused_and_credits_nothing()
    {
        var kit = new WalletTestKit();
        var terms = WalletTestKit.Terms(GrantKind.Purchased, 5_000) with { Source = new GrantSource(GrantSourceKind.X402Payment, "0xabc") };
        var sequence = kit.Wallet.Sequence;

        var outcome = kit.Wallet.GrantCredits(new GrantCredits("claimed", terms), kit.Now);

        Assert.Equal(Reasons.InvalidArgument, outcome.Refusal?.Reason);
        Assert.Equal("source.kind", Assert.Single(outcome.Refusal!.Violations).Field);
        Assert.Equal(sequence, kit.Wallet.Sequence);
        Assert.Empty(kit.Wallet.PendingTopUps);
        Assert.Equal(0, kit.Wallet.TotalRemaining(CreditUnit.Usd));
    }

    [Fact]
    public void A_top_up_credit_must_name_an_x402_payment_as_its_source()
    {
        var kit = new WalletTestKit();

        var outcome = kit.Wallet.CreditTopUp(new GrantCredits("x402:0xdef", WalletTestKit.Terms(GrantKind.Purchased, 5_000)), kit.Now);

        Assert.Equal(Reasons.InvalidArgument, outcome.Refusal?.Reason);
        Assert.Equal(0, kit.Wallet.TotalRemaining(CreditUnit.Usd));
    }
}
