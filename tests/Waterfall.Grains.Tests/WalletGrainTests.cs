using Waterfall.Contracts;
using Waterfall.Testing;

namespace Waterfall.Grains.Tests;

public class WalletGrainTests(WaterfallClusterFixture waterfall) : IClassFixture<WaterfallClusterFixture>
{
    private const string Tenant = "acme";
    private const long Price = 1_000_000; // USD 0.001 per call

    [Fact]
    public async Task Fifty_concurrent_debits_on_a_wallet_funded_for_thirty_let_exactly_thirty_through()
    {
        var walletId = Commands.NewWalletId();
        var wallet = waterfall.Wallet(Tenant, walletId);
        await wallet.Open(Commands.Open());
        await wallet.Grant(Commands.GrantUsd("fund", 30 * Price));

        var replies = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => wallet.Debit(Commands.DebitUsd($"call-{i}", Price))));

        Assert.Equal(30, replies.Count(r => r.IsAccepted));
        Assert.Equal(20, replies.Count(r => r.Refusal?.Reason == "INSUFFICIENT_FUNDS"));
        var view = (await wallet.Get()).Receipt!;
        Assert.Equal(0, view.Balances.Single(b => b.Unit == "usd").Total);
        await LedgerChecks.AssertLedgerIsSound(waterfall.Cluster.Journal, Tenant, walletId, 0);

        // The same fifty again, with the same keys: the same answers, and nothing changes.
        var sequence = view.Sequence;
        var again = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => wallet.Debit(Commands.DebitUsd($"call-{i}", Price))));

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(replies[i].IsAccepted, again[i].IsAccepted);
            Assert.Equal(replies[i].Refusal?.Reason, again[i].Refusal?.Reason);
            if (replies[i].IsAccepted)
            {
                Assert.True(again[i].Replayed);
                Assert.Equal(replies[i].Receipt!.Sequence, again[i].Receipt!.Sequence);
                Assert.Equal(replies[i].Receipt!.Coverage.Draws, again[i].Receipt!.Coverage.Draws);
            }
        }
        Assert.Equal(sequence, (await wallet.Get()).Receipt!.Sequence);
        await LedgerChecks.AssertLedgerIsSound(waterfall.Cluster.Journal, Tenant, walletId, 0);
    }

    [Fact]
    public async Task Fifty_concurrent_retries_of_one_debit_charge_once_and_all_answer_its_receipt()
    {
        // The grain's window keeps no receipts: every retry but the first is answered from the durable key table,
        // including those that arrive while the first is still on its way to the store.
        var walletId = Commands.NewWalletId();
        var wallet = waterfall.Wallet(Tenant, walletId);
        await wallet.Open(Commands.Open());
        await wallet.Grant(Commands.GrantUsd("fund", 10 * Price));

        var replies = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => wallet.Debit(Commands.DebitUsd("the-call", Price))));

        Assert.All(replies, r => Assert.True(r.IsAccepted, r.Refusal?.ToString()));
        Assert.Single(replies, r => !r.Replayed);
        Assert.Single(replies.Select(r => r.Receipt!.Sequence).Distinct());
        Assert.Equal(9 * Price, (await wallet.Get()).Receipt!.Balances.Single(b => b.Unit == "usd").Total);
        await LedgerChecks.AssertLedgerIsSound(waterfall.Cluster.Journal, Tenant, walletId, 9 * Price);
    }

    [Fact]
    public async Task The_waterfall_burns_promotional_before_bonus_before_purchased()
    {
        var walletId = Commands.NewWalletId();
        var wallet = waterfall.Wallet(Tenant, walletId);
        await wallet.Open(Commands.Open());
        var purchased = (await wallet.Grant(Commands.GrantUsd("g1", 1_000, "purchased"))).Receipt!.Grant;
        var bonus = (await wallet.Grant(Commands.GrantUsd("g2", 1_000, "bonus"))).Receipt!.Grant;
        var promotional = (await wallet.Grant(Commands.GrantUsd("g3", 1_000, "promotional"))).Receipt!.Grant;

        var receipt = (await wallet.Debit(Commands.DebitUsd("d1", 2_500))).Receipt!;

        Assert.Equal(
            [new Draw(promotional, "usd", 1_000), new Draw(bonus, "usd", 1_000), new Draw(purchased, "usd", 500)],
            receipt.Coverage.Draws);
        await LedgerChecks.AssertLedgerIsSound(waterfall.Cluster.Journal, Tenant, walletId, 500);
    }

    [Fact]
    public async Task Authorize_then_capture_less_releases_the_rest()
    {
        var walletId = Commands.NewWalletId();
        var wallet = waterfall.Wallet(Tenant, walletId);
        await wallet.Open(Commands.Open());
        await wallet.Grant(Commands.GrantUsd("fund", 10_000));

        var hold = (await wallet.Authorize(Commands.AuthorizeUsd("req-1", 4_000))).Receipt!;
        var during = (await wallet.Get()).Receipt!.Balances.Single();
        var capture = (await wallet.Capture(Commands.CaptureUsd("req-1", hold.Hold, 1_500))).Receipt!;
        var after = (await wallet.Get()).Receipt!;

        Assert.Equal((10_000, 4_000, 6_000), (during.Total, during.Held, during.Available));
        Assert.Equal(1_500, capture.Captured.MoneyCost);
        Assert.Equal(2_500, capture.Released.Sum(d => d.Amount));
        Assert.Equal((8_500L, 0L, 8_500L), (after.Balances.Single().Total, after.Balances.Single().Held, after.Balances.Single().Available));
        Assert.Empty(after.Holds);
        await LedgerChecks.AssertLedgerIsSound(waterfall.Cluster.Journal, Tenant, walletId, 8_500);
    }

    [Fact]
    public async Task A_wallet_that_was_never_opened_is_not_found()
    {
        var wallet = waterfall.Wallet(Tenant, Commands.NewWalletId());

        var debit = await wallet.Debit(Commands.DebitUsd("d", 1));
        var get = await wallet.Get();

        Assert.Equal("WALLET_NOT_FOUND", debit.Refusal?.Reason);
        Assert.Equal("WALLET_NOT_FOUND", get.Refusal?.Reason);
    }

    [Fact]
    public async Task Tenants_never_see_each_others_wallets()
    {
        var walletId = Commands.NewWalletId();
        await waterfall.Wallet("tenant-a", walletId).Open(Commands.Open());

        var other = await waterfall.Wallet("tenant-b", walletId).Get();

        Assert.Equal("WALLET_NOT_FOUND", other.Refusal?.Reason);
    }

    [Fact]
    public async Task A_reactivated_wallet_rebuilds_its_state_and_idempotent_answers_from_the_journal()
    {
        var walletId = Commands.NewWalletId();
        var wallet = waterfall.Wallet(Tenant, walletId);
        await wallet.Open(Commands.Open());
        await wallet.Grant(Commands.GrantUsd("fund", 10_000));
        var first = (await wallet.Debit(Commands.DebitUsd("d1", 3_000))).Receipt!;
        var hold = (await wallet.Authorize(Commands.AuthorizeUsd("h1", 2_000))).Receipt!;

        await waterfall.Cluster.Cluster.DeactivateAsync(wallet);
        var replay = await wallet.Debit(Commands.DebitUsd("d1", 3_000));
        var view = (await wallet.Get()).Receipt!;

        Assert.True(replay.Replayed);
        Assert.Equal(first.Sequence, replay.Receipt!.Sequence);
        Assert.Equal(7_000, view.Balances.Single().Total);
        Assert.Equal(hold.Hold, view.Holds.Single().Id);
    }

    [Fact]
    public async Task The_ledger_lists_every_transaction_in_pages()
    {
        var walletId = Commands.NewWalletId();
        var wallet = waterfall.Wallet(Tenant, walletId);
        await wallet.Open(Commands.Open());
        await wallet.Grant(Commands.GrantUsd("fund", 10_000));
        for (var i = 0; i < 5; i++) await wallet.Debit(Commands.DebitUsd($"d{i}", 100));

        var first = (await wallet.ListLedger(0, 4)).Receipt!;
        var second = (await wallet.ListLedger(first.NextAfterSequence!.Value, 4)).Receipt!;

        Assert.Equal([1L, 2, 3, 4], first.Transactions.Select(t => t.Sequence));
        Assert.Equal([5L, 6, 7], second.Transactions.Select(t => t.Sequence));
        Assert.Null(second.NextAfterSequence);
        Assert.Equal("Debited", second.Transactions[^1].Kind);
        Assert.Equal(0, second.Transactions[^1].Postings.Sum(p => p.Amount));
    }
}
