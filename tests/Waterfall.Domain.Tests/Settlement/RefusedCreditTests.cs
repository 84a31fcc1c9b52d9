using Waterfall.Domain.Settlement;

namespace Waterfall.Domain.Tests.Settlement;

/// <summary>An authorization queued but never credited, whose wallet then refuses the credit (simulator finding 3, docs/simulation.md).</summary>
public class RefusedCreditTests
{
    private const string PayTo = "0x00000000000000000000000000000000000000aa";
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly SettlementPolicy Policy = SettlementPolicy.Default with { MaxBatchSize = 3, BatchWindow = TimeSpan.FromSeconds(1) };

    private static string Nonce(int n) => "0x" + n.ToString("X64");

    private static SettlementRequest Request(int n) =>
        new("t1", "w1", "0x00000000000000000000000000000000000000b1", PayTo, 1_000_000, 0, long.MaxValue, Nonce(n), "0xsig");

    [Fact]
    public void A_queued_authorization_whose_credit_the_wallet_refused_ends_failed_with_the_wallets_reason_and_never_goes_on_chain()
    {
        var q = new SettlementQueue();
        var refused = q.Accept(Request(1), T0);
        var credited = q.Accept(Request(2), T0);
        credited.Grant = "g2";
        Assert.Equal(SettlementState.Queued, q.Find(Nonce(1))!.State); // what a resubmit is answered before the credit

        var outcome = q.Refused(refused, "WALLET_NOT_FOUND", "Wallet w1 does not exist.");

        Assert.Equal(outcome, q.Find(Nonce(1)));
        Assert.Equal(SettlementState.Failed, outcome.State);
        Assert.Equal("the wallet refused the credit (WALLET_NOT_FOUND): Wallet w1 does not exist.", outcome.FailureReason);
        Assert.Null(outcome.Grant);
        Assert.Null(outcome.TransactionHash);
        Assert.Equal([credited], q.NextBatch(Policy));
        Assert.Empty(q.Uncredited());
    }

    [Fact]
    public void A_credited_authorization_cannot_be_refused_its_credit_any_more()
    {
        var q = new SettlementQueue();
        var item = q.Accept(Request(1), T0);
        item.Grant = "g1";

        Assert.Throws<InvalidOperationException>(() => q.Refused(item, "WALLET_NOT_FOUND", "gone"));
        Assert.Equal(SettlementState.Queued, q.Find(Nonce(1))!.State);
    }

    [Fact]
    public void A_refusal_told_to_the_payer_at_once_leaves_no_outcome_so_the_payment_can_be_offered_again()
    {
        var q = new SettlementQueue();
        var item = q.Accept(Request(1), T0);

        q.Withdraw(item);

        Assert.Null(q.Find(Nonce(1)));
        Assert.Empty(q.Outcomes);
    }

    [Fact]
    public void A_long_wallet_message_is_bounded_in_the_outcome()
    {
        var q = new SettlementQueue();
        var item = q.Accept(Request(1), T0);

        var outcome = q.Refused(item, "WALLET_CLOSED", new string('x', 1_000));

        Assert.Equal(256, outcome.FailureReason!.Length);
    }
}
