using Waterfall.Contracts;
using Waterfall.Contracts.Settlement;
using Waterfall.Domain.Settlement;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Wallets;
using Waterfall.Testing;

namespace Waterfall.Grains.Tests;

public class SettlementFixture : WaterfallClusterFixture
{
    public SimulatedSettlementChain Chain { get; } = new();

    protected override void Configure(WaterfallTestClusterOptions options)
    {
        options.SettlementChain = Chain;
        options.Settlement = s =>
        {
            s.BatchWindow = TimeSpan.FromSeconds(1);
            s.MaxBatchSize = 25;
            s.PollInterval = TimeSpan.FromMilliseconds(20);
            s.ReplaceAfter = TimeSpan.FromSeconds(30);
            s.MaxAttempts = 2;
        };
    }
}

[CollectionDefinition("settlement", DisableParallelization = true)]
public sealed class SettlementCollection : ICollectionFixture<SettlementFixture>;

[Collection("settlement")]
public class SettlementGrainTests(SettlementFixture waterfall)
{
    private const string Network = "eip155:31337";
    private const string Asset = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
    private const long Value = 10_000; // USDC 0.01 = 10,000,000 nano-dollars

    private static string NewAddress() => TestHex.New(20);
    private static string NewNonce() => TestHex.New(32);

    private (ISettlementGrain Settlement, string PayTo) NewSettlement()
    {
        var payTo = NewAddress();
        return (waterfall.Client.GetGrain<ISettlementGrain>(SettlementGrainKey.For(Network, Asset, payTo)), payTo);
    }

    private async Task<string> NewWallet()
    {
        var walletId = Commands.NewWalletId();
        await waterfall.Wallet("acme", walletId).Open(Commands.Open());
        return walletId;
    }

    private static SettlementRequest Request(string walletId, string payTo, string? nonce = null, long value = Value) =>
        new("acme", walletId, "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", payTo, value, 0, 4_102_444_800, nonce ?? NewNonce(), "0x" + new string('1', 130));

    private async Task<SettlementStatus> Outcome(ISettlementGrain settlement, string nonce)
    {
        for (var i = 0; i < 40; i++)
        {
            var status = await settlement.WaitForOutcome(nonce, TimeSpan.FromMilliseconds(250));
            if (status?.State is SettlementState.Settled or SettlementState.Failed) return status;
            waterfall.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        return (await settlement.GetStatus(nonce))!;
    }

    private async Task<long> AccountBalance(string walletId, string account)
    {
        var history = await waterfall.Cluster.Journal.LoadAsync(new WalletKey("acme", walletId));
        return history.Events.Select(e => e.ToLedgerTransaction(new WalletKey("acme", walletId)))
            .SelectMany(t => t.Postings).Where(p => p.Account.Code == account).Sum(p => p.Amount);
    }

    [Fact]
    public async Task A_hundred_top_ups_are_credited_at_once_and_settle_in_at_most_five_transactions()
    {
        var walletId = await NewWallet();
        var (settlement, payTo) = NewSettlement();
        var before = waterfall.Chain.Mined.Count();

        var tickets = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => settlement.Submit(Request(walletId, payTo))));
        var credited = (await waterfall.Wallet("acme", walletId).Get()).Receipt!.Balances.Single();
        var outcomes = await Task.WhenAll(tickets.Select(t => Outcome(settlement, t.Nonce)));

        Assert.All(tickets, t => Assert.NotNull(t.Grant));
        Assert.Equal(100 * Value * 1_000, credited.Total); // credited on verification, before settlement
        Assert.All(outcomes, o => Assert.Equal(SettlementState.Settled, o.State));
        Assert.InRange(waterfall.Chain.Mined.Count() - before, 1, 5);
        Assert.Equal(0, await AccountBalance(walletId, "settlement_pending"));
        Assert.Equal(100 * Value * 1_000, await AccountBalance(walletId, "treasury"));
        var ledger = (await waterfall.Wallet("acme", walletId).ListLedger(0, 1000)).Receipt!.Transactions;
        Assert.Equal(100, ledger.Count(t => t.Kind == "TopUpSettled" && t.Attribution.TransactionHash is { Length: 66 }));
    }

    [Fact]
    public async Task An_authorization_that_fails_on_chain_has_its_credit_reversed()
    {
        var walletId = await NewWallet();
        var (settlement, payTo) = NewSettlement();
        var good = Request(walletId, payTo);
        var bad = Request(walletId, payTo);
        waterfall.Chain.FailAuthorization(bad.Nonce);

        await settlement.Submit(good);
        await settlement.Submit(bad);
        var goodOutcome = await Outcome(settlement, good.Nonce);
        var badOutcome = await Outcome(settlement, bad.Nonce);

        Assert.Equal(SettlementState.Settled, goodOutcome.State);
        Assert.Equal(SettlementState.Failed, badOutcome.State);
        Assert.Contains("exceeds balance", badOutcome.FailureReason);
        Assert.Equal(Value * 1_000, (await waterfall.Wallet("acme", walletId).Get()).Receipt!.Balances.Single().Total);
        Assert.Equal(0, await AccountBalance(walletId, "settlement_pending"));
    }

    [Fact]
    public async Task The_same_authorization_submitted_twice_credits_and_settles_once()
    {
        var walletId = await NewWallet();
        var (settlement, payTo) = NewSettlement();
        var request = Request(walletId, payTo);

        var first = await settlement.Submit(request);
        var again = await settlement.Submit(request);
        await Outcome(settlement, request.Nonce);
        var afterSettlement = await settlement.Submit(request);

        Assert.Equal(first.Grant, again.Grant);
        Assert.Equal(first.Grant, afterSettlement.Grant);
        Assert.Equal(SettlementState.Settled, afterSettlement.Status!.State);
        Assert.Equal(Value * 1_000, (await waterfall.Wallet("acme", walletId).Get()).Receipt!.Balances.Single().Total);
    }

    [Fact]
    public async Task A_top_up_for_a_wallet_that_does_not_exist_is_refused_and_never_settled()
    {
        var (settlement, payTo) = NewSettlement();
        var request = Request("no-such-wallet", payTo);

        var ticket = await settlement.Submit(request);

        Assert.Equal("WALLET_NOT_FOUND", ticket.Refusal?.Reason);
        Assert.Null(await settlement.GetStatus(request.Nonce));
    }

    [Fact]
    public async Task A_transaction_stuck_in_the_mempool_is_replaced_at_higher_fees()
    {
        var walletId = await NewWallet();
        var (settlement, payTo) = NewSettlement();
        waterfall.Chain.AutoMine = false;
        try
        {
            var request = Request(walletId, payTo);
            await settlement.Submit(request);
            waterfall.Clock.Advance(TimeSpan.FromSeconds(2));
            await Eventually(async () => (await settlement.GetStatus(request.Nonce))?.State == SettlementState.Submitted);
            var first = (await settlement.GetStatus(request.Nonce))!.TransactionHash;

            waterfall.Clock.Advance(TimeSpan.FromSeconds(31));
            await Eventually(async () => (await settlement.GetStatus(request.Nonce))?.TransactionHash != first);
            var replacement = (await settlement.GetStatus(request.Nonce))!.TransactionHash;
            waterfall.Chain.MinePending();
            var outcome = await Outcome(settlement, request.Nonce);

            Assert.Equal(SettlementState.Settled, outcome.State);
            Assert.Equal(replacement, outcome.TransactionHash);
            var sent = waterfall.Chain.Sent.Where(t => t.Nonces.Contains(request.Nonce)).ToList();
            Assert.Equal(2, sent.Count);
            Assert.Equal(sent[0].Signed.AccountNonce, sent[1].Signed.AccountNonce); // same slot, higher fee
            Assert.Single(sent, t => t.MinedInBlock is not null);
        }
        finally
        {
            waterfall.Chain.AutoMine = true;
        }
    }

    [Fact]
    public async Task A_restarted_settlement_grain_resumes_the_batch_it_had_sent()
    {
        var walletId = await NewWallet();
        var (settlement, payTo) = NewSettlement();
        waterfall.Chain.AutoMine = false;
        try
        {
            var request = Request(walletId, payTo);
            await settlement.Submit(request);
            waterfall.Clock.Advance(TimeSpan.FromSeconds(2));
            await Eventually(async () => (await settlement.GetStatus(request.Nonce))?.State == SettlementState.Submitted);

            await waterfall.Cluster.Cluster.DeactivateAsync(settlement);
            waterfall.Chain.MinePending();
            await settlement.Resume();
            var outcome = await Outcome(settlement, request.Nonce);

            Assert.Equal(SettlementState.Settled, outcome.State);
            Assert.Single(waterfall.Chain.Sent, t => t.Nonces.Contains(request.Nonce));
        }
        finally
        {
            waterfall.Chain.AutoMine = true;
        }
    }

    [Fact]
    public async Task A_reverted_batch_is_retried_and_after_too_many_reverts_the_credit_is_reversed()
    {
        var walletId = await NewWallet();
        var (settlement, payTo) = NewSettlement();

        var retried = Request(walletId, payTo);
        waterfall.Chain.RevertNext = true;
        await settlement.Submit(retried);
        var retriedOutcome = await Outcome(settlement, retried.Nonce);

        Assert.Equal(SettlementState.Settled, retriedOutcome.State);
        Assert.Equal(2, waterfall.Chain.Sent.Count(t => t.Nonces.Contains(retried.Nonce)));
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200 && !await condition(); i++) await Task.Delay(20);
        Assert.True(await condition());
    }
}
