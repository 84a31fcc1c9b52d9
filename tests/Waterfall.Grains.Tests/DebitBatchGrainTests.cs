using System.Collections.Concurrent;
using Waterfall.Contracts;
using Waterfall.Domain.Idempotency;
using Waterfall.Domain.Wallets;
using Waterfall.Ledger;
using Waterfall.Testing;
using LedgerTransaction = Waterfall.Domain.Ledger.LedgerTransaction;
using TransactionKind = Waterfall.Domain.Ledger.TransactionKind;

namespace Waterfall.Grains.Tests;

/// <summary>An in-memory journal that records every append it is handed, per wallet.</summary>
public sealed class RecordingJournal : DelegatingWalletJournal
{
    public RecordingJournal() : this(new InMemoryWalletJournal()) { }

    private RecordingJournal(InMemoryWalletJournal store) : base(store) => Store = store;

    /// <summary>What was durably written, to read back in assertions.</summary>
    public InMemoryWalletJournal Store { get; }

    public ConcurrentDictionary<WalletKey, ConcurrentQueue<IReadOnlyList<JournalEntry>>> Appends { get; } = new();

    public IReadOnlyList<IReadOnlyList<JournalEntry>> AppendsOf(WalletKey wallet) =>
        Appends.TryGetValue(wallet, out var appends) ? [.. appends] : [];

    public override Task AppendAsync(WalletKey wallet, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default)
    {
        Appends.GetOrAdd(wallet, _ => new()).Enqueue([.. entries]);
        return Inner.AppendAsync(wallet, entries, cancellationToken);
    }

    /// <summary>Reads of the durable key table, per wallet: what a wallet asks the store before deciding.</summary>
    public ConcurrentDictionary<WalletKey, int> KeyReads { get; } = new();

    public int KeyReadsOf(WalletKey wallet) => KeyReads.GetValueOrDefault(wallet);

    public override Task<IReadOnlyList<IdempotencyRecord>> FindIdempotencyKeysAsync(WalletKey wallet, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        KeyReads.AddOrUpdate(wallet, 1, (_, n) => n + 1);
        return Inner.FindIdempotencyKeysAsync(wallet, keys, cancellationToken);
    }

    public override Task<IdempotencyRecord?> FindIdempotencyAsync(WalletKey wallet, TransactionKind operation, string key, CancellationToken cancellationToken = default)
    {
        KeyReads.AddOrUpdate(wallet, 1, (_, n) => n + 1);
        return Inner.FindIdempotencyAsync(wallet, operation, key, cancellationToken);
    }
}

public class RecordingJournalFixture : WaterfallClusterFixture
{
    public RecordingJournal Journal { get; } = new();

    protected override void Configure(WaterfallTestClusterOptions options) => options.Journal = Journal;
}

public class DebitBatchGrainTests(RecordingJournalFixture waterfall) : IClassFixture<RecordingJournalFixture>
{
    [Fact]
    public async Task A_wallets_share_of_a_batch_is_made_durable_in_one_journal_append()
    {
        var (wallet, key) = await waterfall.FundedWallet(10_000);
        var before = waterfall.Journal.AppendsOf(key).Count;

        var replies = await wallet.DebitBatch([.. Enumerable.Range(0, 50).Select(i => Commands.DebitUsd($"d{i}", 100))]);

        Assert.All(replies, r => Assert.True(r.IsAccepted));
        var appends = waterfall.Journal.AppendsOf(key);
        var batch = Assert.Single(appends.Skip(before));
        Assert.Equal(50, batch.Count);
        Assert.Equal(replies.Select(r => r.Receipt!.Sequence), batch.Select(e => e.Event.Sequence));
        await LedgerChecks.AssertLedgerIsSound(waterfall.Journal.Store, "acme", key.WalletId, 10_000 - 50 * 100);
    }

    [Fact]
    public async Task Every_debit_of_a_batch_keeps_its_own_receipt_in_the_durable_key_table()
    {
        var (wallet, key) = await waterfall.FundedWallet(10_000);

        var replies = await wallet.DebitBatch([Commands.DebitUsd("a", 100), Commands.DebitUsd("b", 200), Commands.DebitUsd("c", 300)]);

        foreach (var (name, reply) in new[] { "a", "b", "c" }.Zip(replies))
        {
            var stored = await waterfall.Journal.Store.FindIdempotencyAsync(key, TransactionKind.Debited, name);
            var receipt = Assert.IsType<Domain.Wallets.DebitReceipt>(stored!.Receipt);
            Assert.Equal(reply.Receipt!.Sequence, receipt.Sequence);
            Assert.Equal(reply.Receipt.Coverage.MoneyCost, receipt.Coverage.MoneyCost);
        }
    }

    [Fact]
    public async Task A_refused_debit_in_a_batch_changes_nothing_and_the_others_are_decided_in_order()
    {
        var (wallet, key) = await waterfall.FundedWallet(1_000);

        var replies = await wallet.DebitBatch(
        [
            Commands.DebitUsd("first", 600),
            Commands.DebitUsd("too-much", 600), // only 400 left after the first
            Commands.DebitUsd("first", 600),    // the same key and content again: a replay
            Commands.DebitUsd("first", 700),    // the same key, other content
            Commands.DebitUsd("last", 400),
        ]);

        Assert.True(replies[0].IsAccepted && !replies[0].Replayed);
        Assert.Equal("INSUFFICIENT_FUNDS", replies[1].Refusal!.Reason);
        Assert.True(replies[2].Replayed);
        Assert.Equal(replies[0].Receipt!.Sequence, replies[2].Receipt!.Sequence);
        Assert.Equal("IDEMPOTENCY_KEY_REUSED", replies[3].Refusal!.Reason);
        Assert.True(replies[4].IsAccepted);
        Assert.Equal(replies[0].Receipt!.Sequence + 1, replies[4].Receipt!.Sequence);
        await LedgerChecks.AssertLedgerIsSound(waterfall.Journal.Store, "acme", key.WalletId, 0);
    }

    [Fact]
    public async Task A_batch_of_replays_only_writes_nothing_and_answers_the_first_receipts()
    {
        var (wallet, key) = await waterfall.FundedWallet(1_000);
        var first = await wallet.DebitBatch([Commands.DebitUsd("x", 100), Commands.DebitUsd("y", 100)]);
        var appended = waterfall.Journal.AppendsOf(key).Count;

        var again = await wallet.DebitBatch([Commands.DebitUsd("x", 100), Commands.DebitUsd("y", 100)]);

        Assert.All(again, r => Assert.True(r.Replayed));
        Assert.Equal(first.Select(r => (r.Receipt!.Sequence, r.Receipt.Coverage.MoneyCost)), again.Select(r => (r.Receipt!.Sequence, r.Receipt.Coverage.MoneyCost)));
        Assert.Equal(appended, waterfall.Journal.AppendsOf(key).Count);
    }
}
