using Waterfall.Domain.Wallets;

namespace Waterfall.Ledger.Tests;

/// <summary>A wallet may hand over its next append before the previous one is durable: the writer keeps them in order.</summary>
public class GroupCommitOrderingTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Consecutive_appends_of_one_wallet_in_one_batch_are_merged_into_one_and_land()
    {
        var store = new ScriptedLedgerStore { Gate = new TaskCompletionSource() };
        await using var journal = new GroupCommitJournal(store, new GroupCommitOptions { MaxConcurrentBatches = 1 });
        var gate = new Scenario("t", "gate").Debits(1);
        var held = journal.AppendAsync(gate.Key, gate.TakeEntries());
        await store.FirstWrite.Task.WaitAsync(Deadline);

        var wallet = new Scenario("t", "w");
        var first = journal.AppendAsync(wallet.Key, wallet.Debits(1).TakeEntries()); // sequences 1-3
        var second = journal.AppendAsync(wallet.Key, wallet.Debits(1).TakeEntries()); // 4
        var third = journal.AppendAsync(wallet.Key, wallet.Debits(2).TakeEntries()); // 5-6
        store.Gate.SetResult();
        await Task.WhenAll(held, first, second, third).WaitAsync(Deadline);

        var merged = Assert.Single(store.Batches[1]);
        Assert.Equal(wallet.Key, merged.Wallet);
        Assert.Equal([1L, 2, 3, 4, 5, 6], merged.Entries.Select(e => e.Event.Sequence));
        Assert.Equal([1L, 2, 3, 4, 5, 6], (await journal.LoadAsync(wallet.Key)).Events.Select(e => e.Sequence));
    }

    [Fact]
    public async Task An_append_that_does_not_continue_its_wallet_waits_for_the_next_batch_and_is_refused_there()
    {
        var store = new ScriptedLedgerStore { Gate = new TaskCompletionSource() };
        await using var journal = new GroupCommitJournal(store, new GroupCommitOptions { MaxConcurrentBatches = 1 });
        var gate = new Scenario("t", "gate").Debits(1);
        var held = journal.AppendAsync(gate.Key, gate.TakeEntries());
        await store.FirstWrite.Task.WaitAsync(Deadline);

        var live = new Scenario("t", "w").Debits(1);
        var stale = new Scenario("t", "w").Debits(1); // a second activation deciding sequences 1-3 again
        var liveWrite = journal.AppendAsync(live.Key, live.TakeEntries());
        var staleWrite = journal.AppendAsync(stale.Key, stale.TakeEntries());
        store.Gate.SetResult();

        await liveWrite.WaitAsync(Deadline);
        await Assert.ThrowsAsync<JournalConflictException>(() => staleWrite.WaitAsync(Deadline));
        await held;
        Assert.Equal(3, store.Batches.Count); // the stale append was judged after the live one was durable
        Assert.Equal(3, (await journal.LoadAsync(live.Key)).Events.Count);
    }

    [Fact]
    public async Task An_append_cancelled_before_its_batch_is_gathered_is_not_written()
    {
        var store = new ScriptedLedgerStore { Gate = new TaskCompletionSource() };
        await using var journal = new GroupCommitJournal(store, new GroupCommitOptions { MaxConcurrentBatches = 1 });
        var gate = new Scenario("t", "gate").Debits(1);
        var held = journal.AppendAsync(gate.Key, gate.TakeEntries());
        await store.FirstWrite.Task.WaitAsync(Deadline);

        var wallet = new Scenario("t", "w").Debits(1);
        using var stop = new CancellationTokenSource();
        var write = journal.AppendAsync(wallet.Key, wallet.TakeEntries(), stop.Token);
        stop.Cancel();
        store.Gate.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => write.WaitAsync(Deadline));
        await held;
        Assert.Empty((await journal.LoadAsync(wallet.Key)).Events);
    }

    [Fact]
    public async Task A_wallet_never_has_two_appends_in_two_concurrent_batches()
    {
        var store = new ScriptedLedgerStore();
        await using var journal = new GroupCommitJournal(store, new GroupCommitOptions { MaxConcurrentBatches = 3, MaxBatchEntries = 16 });
        var wallets = Enumerable.Range(0, 12).Select(i => new Scenario("t", $"w{i}")).ToList();

        // Every wallet hands over 20 appends without waiting for any of them: many in flight at once.
        var writes = wallets.Select(w => Task.Run(async () =>
        {
            var handed = new List<Task> { journal.AppendAsync(w.Key, w.Debits(1).TakeEntries()) };
            for (var i = 0; i < 19; i++)
            {
                handed.Add(journal.AppendAsync(w.Key, w.Debits(1 + i % 3).TakeEntries()));
                if (i % 4 == 0) await Task.Yield();
            }
            await Task.WhenAll(handed);
        })).ToList();
        await Task.WhenAll(writes).WaitAsync(Deadline);

        Assert.Empty(store.Overlaps);
        Assert.True(store.Batches.Count > 3, $"only {store.Batches.Count} batches: the writers never overlapped");
        Assert.All(wallets, w => Assert.Equal(w.Wallet.Sequence, store.Batches.SelectMany(b => b).Where(a => a.Wallet == w.Key).Sum(a => a.Entries.Count)));
        foreach (var w in wallets)
        {
            var durable = (await journal.LoadAsync(w.Key)).Events.Select(e => e.Sequence).ToList();
            Assert.Equal(Enumerable.Range(1, (int)w.Wallet.Sequence).Select(i => (long)i), durable);
        }
    }

    [Fact]
    public async Task Each_wallet_always_goes_to_the_same_writer()
    {
        var store = new ScriptedLedgerStore();
        await using var journal = new GroupCommitJournal(store, new GroupCommitOptions { MaxConcurrentBatches = 4 });
        var keys = Enumerable.Range(0, 200).Select(i => new WalletKey("t", $"w{i}")).ToList();

        var writers = keys.Select(journal.WriterOf).ToList();

        Assert.Equal(writers, keys.Select(journal.WriterOf));
        Assert.Equal(4, writers.Distinct().Count()); // and the wallets spread over every writer
    }
}
