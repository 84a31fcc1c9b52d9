using Waterfall.Domain.Idempotency;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Wallets;

namespace Waterfall.Ledger.Tests;

public class GroupCommitJournalTests
{
    /// <summary>A store that records each batch it is given and can hold or fail writes.</summary>
    private sealed class RecordingStore : ILedgerStore
    {
        private readonly InMemoryWalletJournal _journal = new();
        public List<int> BatchSizes { get; } = [];
        public TaskCompletionSource? Gate { get; set; }
        public Exception? Failure { get; set; }

        /// <summary>Completes when the first batch reaches the store.</summary>
        public TaskCompletionSource FirstWrite { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<IReadOnlySet<int>> WriteAsync(IReadOnlyList<JournalAppend> batch, CancellationToken cancellationToken)
        {
            lock (BatchSizes) BatchSizes.Add(batch.Count);
            FirstWrite.TrySetResult();
            if (Gate is { } gate) await gate.Task;
            if (Failure is { } failure) throw failure;
            var conflicts = new HashSet<int>();
            for (var i = 0; i < batch.Count; i++)
            {
                try { await _journal.AppendAsync(batch[i].Wallet, batch[i].Entries, cancellationToken); }
                catch (JournalConflictException) { conflicts.Add(i); }
            }
            return conflicts;
        }

        public Task<WalletHistory> LoadAsync(WalletKey wallet, CancellationToken cancellationToken) => _journal.LoadAsync(wallet, cancellationToken);
        public Task SaveSnapshotAsync(WalletKey wallet, WalletSnapshot snapshot, CancellationToken cancellationToken) => Task.CompletedTask;
        public Task<long> ReadHeadSequenceAsync(WalletKey wallet, CancellationToken cancellationToken) => _journal.ReadHeadSequenceAsync(wallet, cancellationToken);
        public Task<IReadOnlyList<LedgerTransaction>> ReadLedgerAsync(WalletKey wallet, long afterSequence, int limit, CancellationToken cancellationToken) => _journal.ReadLedgerAsync(wallet, afterSequence, limit, cancellationToken);
        public Task<IdempotencyRecord?> FindIdempotencyAsync(WalletKey wallet, TransactionKind operation, string key, CancellationToken cancellationToken) => _journal.FindIdempotencyAsync(wallet, operation, key, cancellationToken);
        public Task<int> PurgeIdempotencyAsync(DateTimeOffset recordedBefore, CancellationToken cancellationToken) => Task.FromResult(0);
    }

    [Fact]
    public async Task The_head_read_answers_what_is_durable_not_what_is_still_queued()
    {
        var store = new RecordingStore();
        await using var journal = new GroupCommitJournal(store, new GroupCommitOptions { MaxConcurrentBatches = 1 });
        var wallet = new Scenario("t", "head").Debits(2);
        await journal.AppendAsync(wallet.Key, wallet.TakeEntries());
        store.Gate = new TaskCompletionSource();
        var queued = journal.AppendAsync(wallet.Key, wallet.Debits(1).TakeEntries());

        var whileQueued = await journal.ReadHeadSequenceAsync(wallet.Key);
        store.Gate.SetResult();
        await queued;

        Assert.Equal(4, whileQueued);
        Assert.Equal(5, await journal.ReadHeadSequenceAsync(wallet.Key));
    }

    [Fact]
    public async Task Appends_waiting_while_a_batch_is_written_go_together_in_the_next_round_trip()
    {
        var store = new RecordingStore { Gate = new TaskCompletionSource() };
        await using var journal = new GroupCommitJournal(store, new GroupCommitOptions { MaxConcurrentBatches = 1 });
        var first = new Scenario("t", "first").Debits(1);
        var blocked = journal.AppendAsync(first.Key, first.TakeEntries());
        await store.FirstWrite.Task.WaitAsync(TimeSpan.FromSeconds(30)); // the first batch is in flight, held at the gate

        var others = Enumerable.Range(0, 100).Select(i => new Scenario("t", $"w{i}").Debits(1)).ToList();
        var waiting = others.Select(w => journal.AppendAsync(w.Key, w.TakeEntries())).ToList();
        Assert.All(waiting, w => Assert.False(w.IsCompleted)); // nobody is answered before their write
        store.Gate.SetResult();
        await Task.WhenAll(waiting.Append(blocked));

        Assert.Equal([1, 100], store.BatchSizes);
        foreach (var w in others) Assert.Equal(3, (await journal.LoadAsync(w.Key)).Events.Count);
    }

    [Fact]
    public async Task A_writer_fenced_off_writes_nothing_more_even_an_append_that_continues_the_other_writers_entries()
    {
        var store = new RecordingStore();
        await using var journal = new GroupCommitJournal(store);
        var twin = new Scenario("t", "w").Debits(1);
        var stale = new Scenario("t", "w").Debits(2);
        var staleEntries = stale.TakeEntries();
        using var staleWriter = new CancellationTokenSource();
        await journal.AppendAsync(twin.Key, twin.TakeEntries());

        var fenced = journal.AppendAsync(stale.Key, staleEntries.Take(3).ToList(), staleWriter.Token);
        await Assert.ThrowsAsync<JournalConflictException>(() => fenced);
        // Handed over before the writer learned of its failure: entry 4 continues the twin's 1..3, and was decided on the stale 1..3.
        var next = journal.AppendAsync(stale.Key, [staleEntries[3]], staleWriter.Token);

        await Assert.ThrowsAsync<JournalConflictException>(() => next);
        Assert.Equal(3, (await journal.LoadAsync(twin.Key)).Events.Count);
        using var newActivation = new CancellationTokenSource();
        var continued = new Scenario("t", "w").Debits(2).TakeEntries()[3];
        await journal.AppendAsync(twin.Key, [continued], newActivation.Token); // another writer still writes
        Assert.Equal(4, (await journal.LoadAsync(twin.Key)).Events.Count);
    }

    [Fact]
    public async Task An_append_that_continues_a_stale_writers_is_not_merged_with_it_so_the_stale_ones_conflict_does_not_fail_it()
    {
        var store = new RecordingStore { Gate = new TaskCompletionSource() };
        await using var journal = new GroupCommitJournal(store, new GroupCommitOptions { MaxConcurrentBatches = 1 });
        var current = new Scenario("t", "w").Debits(2).TakeEntries();
        var stale = new Scenario("t", "w").Debits(1).TakeEntries();
        using var currentWriter = new CancellationTokenSource();
        using var staleWriter = new CancellationTokenSource();
        var key = new WalletKey("t", "w");
        var first = journal.AppendAsync(key, current.Take(3).ToList(), currentWriter.Token);
        await store.FirstWrite.Task.WaitAsync(TimeSpan.FromSeconds(30)); // held at the gate while the rest queue up

        var staleAppend = journal.AppendAsync(key, stale, staleWriter.Token);
        var next = journal.AppendAsync(key, [current[3]], currentWriter.Token); // continues the stale 1..3 by number only
        store.Gate.SetResult();

        await first;
        await Assert.ThrowsAsync<JournalConflictException>(() => staleAppend);
        await next;
        Assert.Equal(4, (await journal.LoadAsync(key)).Events.Count);
    }

    [Fact]
    public async Task A_conflict_fails_only_its_own_append()
    {
        var store = new RecordingStore();
        await using var journal = new GroupCommitJournal(store);
        var live = new Scenario("t", "w").Debits(1);
        await journal.AppendAsync(live.Key, live.TakeEntries());
        var stale = new Scenario("t", "w").Debits(1).TakeEntries(); // sequences 1-3 again
        var other = new Scenario("t", "other").Debits(1);

        var staleWrite = journal.AppendAsync(live.Key, stale);
        var otherWrite = journal.AppendAsync(other.Key, other.TakeEntries());

        await Assert.ThrowsAsync<JournalConflictException>(() => staleWrite);
        await otherWrite;
    }

    [Fact]
    public async Task A_failed_batch_fails_every_append_in_it()
    {
        var store = new RecordingStore { Gate = new TaskCompletionSource(), Failure = new IOException("disk gone") };
        await using var journal = new GroupCommitJournal(store, new GroupCommitOptions { MaxConcurrentBatches = 1 });
        var appends = Enumerable.Range(0, 10).Select(i => new Scenario("t", $"w{i}").Debits(1))
            .Select(s => journal.AppendAsync(s.Key, s.TakeEntries())).ToList();

        store.Gate.SetResult();

        foreach (var append in appends) await Assert.ThrowsAsync<IOException>(() => append);
    }

    [Fact]
    public async Task Batches_never_exceed_the_configured_number_of_entries()
    {
        var store = new RecordingStore { Gate = new TaskCompletionSource() };
        await using var journal = new GroupCommitJournal(store, new GroupCommitOptions { MaxConcurrentBatches = 1, MaxBatchEntries = 9 });
        var hold = journal.AppendAsync(new Scenario("t", "gate").Debits(1).Key, new Scenario("t", "gate").Debits(1).TakeEntries());
        await store.FirstWrite.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var writes = Enumerable.Range(0, 10).Select(i => new Scenario("t", $"w{i}").Debits(1))
            .Select(s => journal.AppendAsync(s.Key, s.TakeEntries())).ToList(); // 3 entries each

        store.Gate.SetResult();
        await Task.WhenAll(writes.Append(hold));

        Assert.All(store.BatchSizes.Skip(1), size => Assert.True(size <= 3, $"batch of {size} appends exceeds 9 entries"));
    }
}
