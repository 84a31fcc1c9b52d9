using System.Threading.Channels;
using Waterfall.Domain.Idempotency;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Wallets;

namespace Waterfall.Ledger;

/// <summary>
/// The silo's ledger writer. Wallets hand it their entries and wait; it gathers whatever is
/// waiting — from one wallet or thousands — into one batch, writes it in one round trip, and
/// then completes every waiting call. While a batch is being written the next one fills, so the
/// busier the silo, the bigger (and cheaper per entry) the batches. No call completes before its
/// entries are durable.
/// </summary>
public sealed class GroupCommitJournal : IWalletJournal, IAsyncDisposable
{
    private readonly ILedgerStore _store;
    private readonly GroupCommitOptions _options;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly Task[] _writers;
    private readonly CancellationTokenSource _stopping = new();

    private sealed record Pending(JournalAppend Append, TaskCompletionSource Done);

    public GroupCommitJournal(ILedgerStore store, GroupCommitOptions? options = null)
    {
        _store = store;
        _options = options ?? new GroupCommitOptions();
        _writers = Enumerable.Range(0, Math.Max(1, _options.MaxConcurrentBatches)).Select(_ => Task.Run(WriteLoop)).ToArray();
    }

    public ILedgerStore Store => _store;

    public Task AppendAsync(WalletKey wallet, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default)
    {
        if (entries.Count == 0) return Task.CompletedTask;
        // The append span's context rides on the completion source's state, so the writer can parent its batch span to it.
        var append = LedgerTelemetry.Source.StartActivity("journal.append");
        var pending = new Pending(new JournalAppend(wallet, entries), new TaskCompletionSource(append?.Context, TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            append?.Dispose();
            return Task.FromException(new ObjectDisposedException(nameof(GroupCommitJournal), "The ledger writer has stopped."));
        }
        return LedgerTelemetry.Traced(append, pending.Done.Task);
    }

    public Task<WalletHistory> LoadAsync(WalletKey wallet, CancellationToken cancellationToken = default) => _store.LoadAsync(wallet, cancellationToken);

    public Task SaveSnapshotAsync(WalletKey wallet, WalletSnapshot snapshot, CancellationToken cancellationToken = default) =>
        _store.SaveSnapshotAsync(wallet, snapshot, cancellationToken);

    public Task<IReadOnlyList<LedgerTransaction>> ReadLedgerAsync(WalletKey wallet, long afterSequence, int limit, CancellationToken cancellationToken = default) =>
        _store.ReadLedgerAsync(wallet, afterSequence, limit, cancellationToken);

    public Task<IdempotencyRecord?> FindIdempotencyAsync(WalletKey wallet, TransactionKind operation, string key, CancellationToken cancellationToken = default) =>
        _store.FindIdempotencyAsync(wallet, operation, key, cancellationToken);

    private async Task WriteLoop()
    {
        var reader = _queue.Reader;
        var batch = new List<Pending>();
        var appends = new List<JournalAppend>();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            appends.Clear();
            var entries = 0;
            while (entries < _options.MaxBatchEntries && reader.TryRead(out var pending))
            {
                batch.Add(pending);
                appends.Add(pending.Append);
                entries += pending.Append.Entries.Count;
            }
            if (batch.Count == 0) continue;

            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                IReadOnlySet<int> conflicts;
                using (LedgerTelemetry.StartWrite(batch.Select(static p => p.Done.Task.AsyncState), entries))
                    conflicts = await _store.WriteAsync(appends, _stopping.Token).ConfigureAwait(false);
                LedgerMetrics.BatchDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                LedgerMetrics.BatchEntries.Record(entries);
                LedgerMetrics.Entries.Add(entries);
                if (conflicts.Count > 0) LedgerMetrics.Conflicts.Add(conflicts.Count);
                for (var i = 0; i < batch.Count; i++)
                {
                    if (conflicts.Contains(i))
                        batch[i].Done.TrySetException(new JournalConflictException(batch[i].Append.Wallet, batch[i].Append.FirstSequence));
                    else
                        batch[i].Done.TrySetResult();
                }
            }
            catch (Exception ex)
            {
                LedgerMetrics.FailedBatches.Add(1);
                foreach (var pending in batch) pending.Done.TrySetException(ex);
            }
        }
    }

    /// <summary>Writes what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers).ConfigureAwait(false);
        _stopping.Dispose();
    }
}
