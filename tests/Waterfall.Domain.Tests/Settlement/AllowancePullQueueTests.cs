using Waterfall.Domain.Refills;
using Waterfall.Domain.Settlement;

namespace Waterfall.Domain.Tests.Settlement;

/// <summary>A refill's pull in the settlement queue: alone in its transaction, its permit first and once, its failure final.</summary>
public class AllowancePullQueueTests
{
    private const string PayTo = "0x00000000000000000000000000000000000000aa";
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly SettlementPolicy Policy = SettlementPolicy.Default;

    private static AllowancePull Pull(int refill, string wallet = "w1") =>
        new("t1", wallet, $"g{refill}", UsdcAllowance.PullKey(3, refill), "0x00000000000000000000000000000000000000b1", PayTo, 5_000_000, 50_000_000,
            T0.AddDays(1).ToUnixTimeSeconds(), "0xSIG");

    private static SettlementRequest Authorization(int n) =>
        new("t1", "w1", "0x00000000000000000000000000000000000000b1", PayTo, 1_000_000, 0, long.MaxValue, "0x" + n.ToString("x64"), "0xsig");

    private static SettlementReceipt Mined(SettlementQueue q, bool succeeded, string? reason = null) =>
        new(q.Latest().Hash, succeeded, 7, 1, new Dictionary<string, AuthorizationOutcome>(), reason);

    private static void Send(SettlementQueue q, IReadOnlyList<SettlementItem> items, int nonce) =>
        q.Sent(items, new SignedSettlement($"0xtx{nonce}", "0xraw", nonce, "1", "1"), T0);

    [Fact]
    public void A_pull_sends_its_permit_first_then_its_transferFrom_and_a_later_pull_of_the_same_permit_sends_no_permit()
    {
        var q = new SettlementQueue();
        q.Accept(Pull(1), T0);

        var first = q.NextBatch(Policy);
        Assert.True(Assert.Single(first).SendsPermit);
        Send(q, first, 1);
        Assert.IsType<SettlementVerdict.PermitSubmitted>(q.Judge(Mined(q, true), Policy));
        q.Requeue(countAttempt: false, Policy);

        var second = q.NextBatch(Policy);
        Assert.False(Assert.Single(second).SendsPermit);
        Send(q, second, 2);
        var final = Assert.IsType<SettlementVerdict.Final>(q.Judge(Mined(q, true), Policy));
        Assert.True(Assert.Single(final.Outcomes).Outcome.Settled);
        q.Complete(Policy);

        q.Accept(Pull(2), T0);
        Assert.False(Assert.Single(q.NextBatch(Policy)).SendsPermit);
    }

    [Fact]
    public void A_pull_goes_alone_and_authorizations_queued_around_it_go_in_their_own_batches()
    {
        var q = new SettlementQueue();
        q.Accept(Authorization(1), T0);
        q.Accept(Pull(1), T0);
        q.Accept(Authorization(2), T0);
        foreach (var item in q.Queue) item.Grant ??= "g";

        Assert.Equal(["0x" + 1.ToString("x64")], q.NextBatch(Policy).Select(i => i.Nonce));
        Send(q, q.NextBatch(Policy), 1);
        q.Complete(Policy);
        Assert.True(Assert.Single(q.NextBatch(Policy)).IsPull);
    }

    [Fact]
    public void A_reverted_transferFrom_fails_the_pull_at_once_with_the_chains_reason()
    {
        var q = new SettlementQueue();
        q.Accept(Pull(1), T0);
        q.PermitsSubmitted.Add("0xsig");
        Send(q, q.NextBatch(Policy), 1);

        var final = Assert.IsType<SettlementVerdict.Final>(q.Judge(Mined(q, false, "ERC20: transfer amount exceeds balance"), Policy));

        var (item, outcome) = Assert.Single(final.Outcomes);
        Assert.False(outcome.Settled);
        Assert.Equal("transferFrom reverted on chain: ERC20: transfer amount exceeds balance", outcome.Reason);
        Assert.Equal(UsdcAllowance.PullKey(3, 1), item.PaymentKey);
    }

    [Fact]
    public void The_same_refill_number_of_two_wallets_is_two_pulls()
    {
        var q = new SettlementQueue();
        q.Accept(Pull(1, "w1"), T0);
        q.Accept(Pull(1, "w2"), T0);

        Assert.Equal(SettlementState.Queued, q.Find(SettlementQueue.PullId(Pull(1, "w1")))!.State);
        Assert.Equal("w2", q.Find(SettlementQueue.PullId(Pull(1, "w2")))!.WalletId);
        Assert.Equal(2, q.Pending());
    }
}
