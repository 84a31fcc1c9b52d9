using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Waterfall.Api.V1;
using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;
using Waterfall.ChainTestSupport;
using Waterfall.X402;
using Waterfall.X402.Contracts;

namespace Waterfall.TopUps.Tests;

/// <summary>Top-ups over gRPC, settled in batches on the real chain, with the ledger and the chain in agreement.</summary>
[Collection("topups")]
public sealed class BatchSettlementTests(TopUpSilo silo)
{
    private async Task<TopUpRequirements> Requirements(string walletId, long nanos) =>
        await silo.TopUps.GetTopUpRequirementsAsync(
            new GetTopUpRequirementsRequest { WalletId = walletId, Amount = new Amount { Value = nanos, Unit = "usd" } }, TopUpSilo.Auth);

    private async Task<TopUpResponse> Pay(string walletId, long nanos, EthPrivateKey payer, TimeSpan wait)
    {
        var required = X402Headers.DecodePaymentRequired((await Requirements(walletId, nanos)).PaymentRequired);
        var signature = X402Headers.EncodePaymentSignature(ExactEvmPayer.CreatePaymentPayload(required.Accepts[0], payer, required.Resource));
        return await silo.TopUps.TopUpAsync(new TopUpRequest
        {
            WalletId = walletId,
            Amount = new Amount { Value = nanos, Unit = "usd" },
            PaymentSignature = signature,
            Wait = Duration.FromTimeSpan(wait),
        }, TopUpSilo.Auth);
    }

    [Fact]
    public async Task A_hundred_top_ups_settle_in_at_most_five_transactions_and_chain_and_ledger_agree_to_the_unit()
    {
        var wallets = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => silo.NewWalletAsync()));
        var payToBefore = await silo.Chain.BalanceOfAsync(silo.PayTo);
        var firstBlock = (long)await silo.Chain.Client.GetBlockNumberAsync() + 1;

        var submitted = await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
        {
            var walletId = wallets[i % wallets.Length];
            var nanos = (i + 1) * 10_000_000L; // USD 0.01, 0.02, … 1.00
            var topUp = await Pay(walletId, nanos, LocalChain.PayerKeys[i % LocalChain.PayerKeys.Count], TimeSpan.Zero);
            Assert.Equal(TopUpState.Queued, topUp.State);
            return (walletId, nanos, topUp.Nonce);
        }));
        // Credited at once, before anything settled.
        Assert.Equal(submitted.Where(s => s.walletId == wallets[0]).Sum(s => s.nanos), await silo.BalanceAsync(wallets[0]));

        var final = await Task.WhenAll(submitted.Select(s => silo.FinalTopUpAsync(s.walletId, s.Nonce)));

        Assert.All(final, f => Assert.Equal(TopUpState.Settled, f.State));
        var transactions = final.Select(f => f.TransactionHash).Distinct().ToList();
        Assert.InRange(transactions.Count, 1, 5);
        var totalNanos = submitted.Sum(s => s.nanos);
        Assert.Equal(payToBefore + totalNanos / 1_000, await silo.Chain.BalanceOfAsync(silo.PayTo));
        foreach (var walletId in wallets)
            Assert.Equal(submitted.Where(s => s.walletId == walletId).Sum(s => s.nanos), await silo.BalanceAsync(walletId));

        // The ledger: every top-up moved settlement_pending to treasury, carrying its transaction hash.
        using var client = silo.Client;
        var settledInLedger = new List<(string Hash, long Amount)>();
        foreach (var walletId in wallets)
            await foreach (var entry in client.ListLedgerAsync(walletId))
                if (entry.Kind == "TopUpSettled")
                    settledInLedger.Add((entry.Attribution.TransactionHash, entry.Postings.Where(p => p.Account == "treasury").Sum(p => p.Amount.Value)));
        Assert.Equal(100, settledInLedger.Count);
        Assert.Equal(totalNanos, settledInLedger.Sum(s => s.Amount));
        Assert.All(settledInLedger, s => Assert.Contains(s.Hash, transactions));

        var report = await silo.Settlement.Reconcile(firstBlock, (long)await silo.Chain.Client.GetBlockNumberAsync());
        Assert.True(report.IsClean);
        Assert.Equal(100, report.Matched);
        Assert.Equal(totalNanos / 1_000, report.MatchedValue);
    }

    [Fact]
    public async Task A_payer_who_empties_their_balance_after_verification_has_the_settlement_fail_and_the_credit_reversed()
    {
        var walletId = await silo.NewWalletAsync();
        var payer = await silo.Chain.NewPayerAsync(Usdc.Units(5m));

        var topUp = await Pay(walletId, 5_000_000_000, payer, TimeSpan.Zero);
        Assert.Equal(5_000_000_000, await silo.BalanceAsync(walletId));
        // Inside the batch window: the payer moves everything away before the batch is sent.
        var moved = await silo.Chain.TokenClient.TransferAsync(silo.Chain.Sender(payer), AnvilAccounts.Address(9), Usdc.Units(5m));
        Assert.True(moved.Succeeded);

        var final = await silo.FinalTopUpAsync(walletId, topUp.Nonce);

        Assert.Equal(TopUpState.Failed, final.State);
        Assert.Contains("exceeds balance", final.FailureReason);
        Assert.NotEmpty(final.TransactionHash);
        Assert.Equal(0, await silo.BalanceAsync(walletId));
        Assert.False(await silo.Chain.AuthorizationStateAsync(payer.Address, Bytes32.Parse(topUp.Nonce)));
        using var client = silo.Client;
        var ledger = await client.ListLedgerAsync(walletId).ToListAsync();
        var reversal = Assert.Single(ledger, e => e.Kind == "TopUpReversed");
        Assert.Equal(5_000_000_000, reversal.Postings.Where(p => p.Amount.Value > 0 && p.Account.StartsWith("wallet:")).Sum(p => p.Amount.Value));
        Assert.All(ledger, e => Assert.Equal(0, e.Postings.Sum(p => p.Amount.Value)));
    }

    [Fact]
    public async Task A_transfer_to_the_treasury_that_no_top_up_paid_for_shows_in_the_reconciliation_report()
    {
        var walletId = await silo.NewWalletAsync();
        var firstBlock = (long)await silo.Chain.Client.GetBlockNumberAsync() + 1;
        var topUp = await Pay(walletId, 30_000_000, AnvilAccounts.Key(5), TimeSpan.FromSeconds(30));
        Assert.Equal(TopUpState.Settled, topUp.State);
        var stray = await silo.Chain.TokenClient.TransferAsync(silo.Chain.Sender(AnvilAccounts.Key(6)), silo.PayTo, 12_345);
        Assert.True(stray.Succeeded);

        var report = await silo.Settlement.Reconcile(firstBlock, (long)await silo.Chain.Client.GetBlockNumberAsync());

        Assert.False(report.IsClean);
        Assert.Equal(1, report.Matched);
        Assert.Equal(30_000, report.MatchedValue);
        var unmatched = Assert.Single(report.OnChainOnly);
        Assert.Equal(12_345, unmatched.Value);
        Assert.Equal(AnvilAccounts.Address(6).ToString(), unmatched.From, ignoreCase: true);
        Assert.Empty(report.LedgerOnly);
    }

    [Fact]
    public async Task Top_up_requests_with_bad_input_are_refused_with_an_error_reason_and_change_nothing()
    {
        var walletId = await silo.NewWalletAsync();

        var notUsdc = await Assert.ThrowsAsync<RpcException>(() => Requirements(walletId, 1_500));
        var noWallet = await Assert.ThrowsAsync<RpcException>(() => Requirements("nobody", 1_000_000));
        var unsigned = await Assert.ThrowsAsync<RpcException>(() => silo.TopUps.TopUpAsync(
            new TopUpRequest { WalletId = walletId, Amount = new Amount { Value = 1_000_000, Unit = "usd" }, PaymentSignature = "bm90IGpzb24=" }, TopUpSilo.Auth).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, notUsdc.StatusCode);
        Assert.Equal(StatusCode.NotFound, noWallet.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, unsigned.StatusCode);
        Assert.Equal("PAYMENT_INVALID", Reason(unsigned));
        Assert.Equal(0, await silo.BalanceAsync(walletId));
    }

    private static string? Reason(RpcException e) =>
        e.GetRpcStatus()?.Details.Select(d => d.TryUnpack<Google.Rpc.ErrorInfo>(out var info) ? info : null).OfType<Google.Rpc.ErrorInfo>().FirstOrDefault()?.Reason;
}
