using Waterfall.Domain.Wallets;
using Waterfall.Ledger;
using Waterfall.Testing;

namespace Waterfall.Grains.Tests;

public class SmallWindowFixture : WaterfallClusterFixture
{
    protected override void Configure(WaterfallTestClusterOptions options) =>
        options.Wallets = w =>
        {
            w.SnapshotInterval = 3;
            w.MinSnapshotSpacing = TimeSpan.Zero;
            w.MaxIdempotencyKeys = 4;
        };
}

public class SnapshotAndRecallTests(SmallWindowFixture waterfall) : IClassFixture<SmallWindowFixture>
{
    [Fact]
    public async Task A_wallet_stores_snapshots_and_recovers_from_the_latest_one_plus_the_journal_after_it()
    {
        var walletId = Commands.NewWalletId();
        var wallet = waterfall.Wallet("acme", walletId);
        await wallet.Open(Commands.Open());
        await wallet.Grant(Commands.GrantUsd("fund", 10_000));
        for (var i = 0; i < 8; i++) await wallet.Debit(Commands.DebitUsd($"d{i}", 100));

        var history = await WaitForSnapshot(new WalletKey("acme", walletId));
        await waterfall.Cluster.Cluster.DeactivateAsync(wallet);
        var view = (await wallet.Get()).Receipt!;

        Assert.NotNull(history.Snapshot);
        Assert.True(history.Snapshot!.Sequence >= 3);
        Assert.Equal(10 - history.Snapshot.Sequence, history.Events.Count);
        Assert.Equal(10, view.Sequence);
        Assert.Equal(10_000 - 800, view.Balances.Single().Total);
    }

    [Fact]
    public async Task A_retry_of_a_key_the_full_window_forgot_is_still_answered_as_a_replay()
    {
        var walletId = Commands.NewWalletId();
        var wallet = waterfall.Wallet("acme", walletId);
        await wallet.Open(Commands.Open());
        await wallet.Grant(Commands.GrantUsd("fund", 10_000));
        var first = await wallet.Debit(Commands.DebitUsd("old-call", 100));
        for (var i = 0; i < 6; i++) await wallet.Debit(Commands.DebitUsd($"d{i}", 100)); // pushes "old-call" out of the 4-key window

        var replay = await wallet.Debit(Commands.DebitUsd("old-call", 100));
        var reused = await wallet.Debit(Commands.DebitUsd("old-call", 999));

        Assert.True(replay.Replayed);
        Assert.Equal(first.Receipt!.Sequence, replay.Receipt!.Sequence);
        Assert.Equal("IDEMPOTENCY_KEY_REUSED", reused.Refusal?.Reason);
        Assert.Equal(10_000 - 700, (await wallet.Get()).Receipt!.Balances.Single().Total);
    }

    [Fact]
    public async Task A_key_forgotten_before_the_snapshot_a_wallet_was_restored_from_is_still_answered_as_a_replay()
    {
        var walletId = Commands.NewWalletId();
        var wallet = waterfall.Wallet("acme", walletId);
        await wallet.Open(Commands.Open());
        await wallet.Grant(Commands.GrantUsd("fund", 10_000));
        var first = await wallet.Debit(Commands.DebitUsd("old-call", 100));
        for (var i = 0; i < 8; i++) await wallet.Debit(Commands.DebitUsd($"d{i}", 100)); // "old-call" leaves the 4-key window
        await WaitForSnapshot(new WalletKey("acme", walletId));
        await waterfall.Cluster.Cluster.DeactivateAsync(wallet); // the new activation cannot name what was forgotten

        var replay = await wallet.Debit(Commands.DebitUsd("old-call", 100));

        Assert.True(replay.Replayed);
        Assert.Equal(first.Receipt!.Sequence, replay.Receipt!.Sequence);
        Assert.Equal(10_000 - 900, (await wallet.Get()).Receipt!.Balances.Single().Total);
    }

    [Fact]
    public async Task A_grants_key_the_full_window_forgot_is_still_refused_on_a_debit_from_the_durable_key_table()
    {
        var walletId = Commands.NewWalletId();
        var wallet = waterfall.Wallet("acme", walletId);
        await wallet.Open(Commands.Open());
        await wallet.Grant(Commands.GrantUsd("fund", 10_000));
        for (var i = 0; i < 6; i++) await wallet.Debit(Commands.DebitUsd($"d{i}", 100)); // pushes "fund" out of the 4-key window

        var reused = await wallet.Debit(Commands.DebitUsd("fund", 100));
        var batched = (await wallet.DebitBatch([Commands.DebitUsd("fund", 100)])).Single();

        Assert.Equal("IDEMPOTENCY_KEY_REUSED", reused.Refusal?.Reason);
        Assert.Equal("CreditsGranted", reused.Refusal!.Metadata["first_used_for"]);
        Assert.Equal("IDEMPOTENCY_KEY_REUSED", batched.Refusal?.Reason);
        Assert.Equal(10_000 - 600, (await wallet.Get()).Receipt!.Balances.Single().Total);
    }

    [Fact]
    public async Task Recall_finds_a_receipt_the_full_window_forgot_in_the_durable_key_table()
    {
        var walletId = Commands.NewWalletId();
        var wallet = waterfall.Wallet("acme", walletId);
        await wallet.Open(Commands.Open());
        await wallet.Grant(Commands.GrantUsd("fund", 10_000));
        var hold = (await wallet.Authorize(Commands.AuthorizeUsd("old-call", 500))).Receipt!;
        var capture = (await wallet.Capture(Commands.CaptureUsd("old-call", hold.Hold, 300))).Receipt!;
        for (var i = 0; i < 6; i++) await wallet.Debit(Commands.DebitUsd($"d{i}", 100)); // pushes "old-call" out of the 4-key window

        var recalled = await wallet.Recall("capture", "old-call");

        Assert.Equal(capture.Sequence, recalled!.Capture!.Sequence);
        Assert.Equal(300, recalled.Capture.Captured.MoneyCost);
        Assert.Null(await wallet.Recall("void", "old-call"));
    }

    private async Task<WalletHistory> WaitForSnapshot(WalletKey key)
    {
        // Snapshots are stored off the answer path, just after the write they cover.
        for (var i = 0; i < 100; i++)
        {
            var history = await waterfall.Cluster.Journal.LoadAsync(key);
            if (history.Snapshot is not null) return history;
            await Task.Delay(20);
        }
        return await waterfall.Cluster.Journal.LoadAsync(key);
    }
}
