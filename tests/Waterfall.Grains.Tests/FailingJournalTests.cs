using Waterfall.Contracts;
using Waterfall.Domain.Idempotency;
using LedgerTransaction = Waterfall.Domain.Ledger.LedgerTransaction;
using TransactionKind = Waterfall.Domain.Ledger.TransactionKind;
using Waterfall.Domain.Wallets;
using Waterfall.Ledger;
using Waterfall.Testing;

namespace Waterfall.Grains.Tests;

/// <summary>A journal whose writes can be held at a gate and made to fail (and its loads too), to prove the failure path.</summary>
public sealed class FaultyJournal : DelegatingWalletJournal
{
    public FaultyJournal() : this(new InMemoryWalletJournal()) { }

    private FaultyJournal(InMemoryWalletJournal store) : base(store) => Store = store;

    /// <summary>What was durably written, to read back in assertions.</summary>
    public InMemoryWalletJournal Store { get; }

    public volatile bool FailWrites;
    public volatile bool FailLoads;
    public TaskCompletionSource? Gate;
    private int _headReads;

    /// <summary>How many times a wallet read its journal's head (to confirm a refusal), to show which refusals cost a read.</summary>
    public int HeadReads => Volatile.Read(ref _headReads);

    public override Task<long> ReadHeadSequenceAsync(WalletKey wallet, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _headReads);
        return Inner.ReadHeadSequenceAsync(wallet, cancellationToken);
    }

    public override Task<WalletHistory> LoadAsync(WalletKey wallet, CancellationToken cancellationToken = default) =>
        FailLoads ? throw new IOException("injected: the store is down") : Inner.LoadAsync(wallet, cancellationToken);

    public override async Task AppendAsync(WalletKey wallet, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default)
    {
        if (Gate is { } gate) await gate.Task;
        if (FailWrites) throw new IOException("injected: the store is down");
        await Inner.AppendAsync(wallet, entries, cancellationToken);
    }
}

public class FaultyJournalFixture : WaterfallClusterFixture
{
    public FaultyJournal Journal { get; } = new();

    protected override void Configure(WaterfallTestClusterOptions options) => options.Journal = Journal;
}

public class FailingJournalTests(FaultyJournalFixture waterfall) : IClassFixture<FaultyJournalFixture>
{
    [Fact]
    public async Task A_failed_write_fails_every_pending_call_as_retryable_and_changes_nothing()
    {
        var walletId = Commands.NewWalletId();
        var wallet = waterfall.Wallet("acme", walletId);
        await wallet.Open(Commands.Open());
        await wallet.Grant(Commands.GrantUsd("fund", 10_000));
        var journal = waterfall.Journal;

        journal.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        journal.FailWrites = true;
        var pending = Enumerable.Range(0, 10).Select(i => wallet.Debit(Commands.DebitUsd($"d{i}", 100))).ToArray();
        await Task.Delay(200);
        Assert.All(pending, p => Assert.False(p.IsCompleted)); // nothing is answered before it is durable
        journal.Gate.SetResult();

        foreach (var call in pending)
            await Assert.ThrowsAsync<WalletUnavailableException>(() => call);
        Assert.Equal(2, (await journal.Store.LoadAsync(new WalletKey("acme", walletId))).Events.Count);

        // The store comes back: the next activation reloads from the journal and the retries apply once each.
        journal.Gate = null;
        journal.FailWrites = false;
        var retried = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => wallet.Debit(Commands.DebitUsd($"d{i}", 100))));
        var again = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => wallet.Debit(Commands.DebitUsd($"d{i}", 100))));

        Assert.All(retried, r => Assert.True(r.IsAccepted));
        Assert.All(again, r => Assert.True(r.Replayed));
        await LedgerChecks.AssertLedgerIsSound(journal.Store, "acme", walletId, 10_000 - 10 * 100);
    }
}
