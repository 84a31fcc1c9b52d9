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
/// <remarks>
/// Each wallet belongs to one of <see cref="GroupCommitOptions.MaxConcurrentBatches"/> writers (a
/// stable hash of its key), each a sequential loop over its own queue. A wallet's appends are
/// therefore written in the order they were handed over, one batch after the other, and never in
/// two concurrent batches: a wallet may hand over its next append before the previous one is
/// durable, because the store checks each append against the wallet's last durable sequence.
/// </remarks>
public sealed class GroupCommitJournal : IWalletJournal, IAsyncDisposable
{
    private readonly ILedgerStore _store;
    private readonly GroupCommitOptions _options;
    private readonly Channel<PendingAppend>[] _queues;
    private readonly Task[] _writers;
    private readonly CancellationTokenSource _stopping = new();

    public GroupCommitJournal(ILedgerStore store, GroupCommitOptions? options = null)
    {
        _store = store;
        _options = options ?? new GroupCommitOptions();
        _queues = Enumerable.Range(0, Math.Max(1, _options.MaxConcurrentBatches))
            .Select(_ => Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true }))
            .ToArray();
        _writers = _queues.Select(queue => Task.Run(() => WriteLoop(queue.Reader))).ToArray();
    }

    public ILedgerStore Store => _store;

    /// <summary>The writers keep each wallet's appends in order, so a wallet may have several in flight.</summary>
    public int MaxAppendsInFlight => Math.Max(1, _options.MaxAppendsInFlightPerWallet);

    /// <summary>Which writer a wallet's appends go to: the same one for the life of the process.</summary>
    public int WriterOf(WalletKey wallet) => (int)(StableHash(wallet) % (uint)_queues.Length);

    /// <summary>
    /// Queues the entries behind every earlier append of the same wallet. An append whose token is
    /// cancelled before its batch is gathered is not written (it fails with <see cref="OperationCanceledException"/>):
    /// a wallet whose earlier write failed uses this so that nothing after it is written.
    /// </summary>
    public Task AppendAsync(WalletKey wallet, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default)
    {
        if (entries.Count == 0) return Task.CompletedTask;
        // The append span's context rides on the completion source's state, so the writer can parent its batch span to it.
        var append = LedgerTelemetry.Source.StartActivity("journal.append");
        var pending = new PendingAppend(new JournalAppend(wallet, entries), cancellationToken, append?.Context);
        if (!_queues[WriterOf(wallet)].Writer.TryWrite(pending))
        {
            append?.Dispose();
            return Task.FromException(new ObjectDisposedException(nameof(GroupCommitJournal), "The ledger writer has stopped."));
        }
        return LedgerTelemetry.Traced(append, pending.Done.Task);
    }

    public Task<WalletHistory> LoadAsync(WalletKey wallet, CancellationToken cancellationToken = default) => _store.LoadAsync(wallet, cancellationToken);

    public Task SaveSnapshotAsync(WalletKey wallet, WalletSnapshot snapshot, CancellationToken cancellationToken = default) =>
        _store.SaveSnapshotAsync(wallet, snapshot, cancellationToken);

    /// <summary>What the store holds: appends still queued here are this silo's own, not yet durable.</summary>
    public Task<long> ReadHeadSequenceAsync(WalletKey wallet, CancellationToken cancellationToken = default) =>
        _store.ReadHeadSequenceAsync(wallet, cancellationToken);

    public Task<IReadOnlyList<LedgerTransaction>> ReadLedgerAsync(WalletKey wallet, long afterSequence, int limit, CancellationToken cancellationToken = default) =>
        _store.ReadLedgerAsync(wallet, afterSequence, limit, cancellationToken);

    public Task<IdempotencyRecord?> FindIdempotencyAsync(WalletKey wallet, TransactionKind operation, string key, CancellationToken cancellationToken = default) =>
        _store.FindIdempotencyAsync(wallet, operation, key, cancellationToken);

    public Task<IReadOnlyList<IdempotencyRecord>> FindIdempotencyKeysAsync(WalletKey wallet, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default) =>
        _store.FindIdempotencyKeysAsync(wallet, keys, cancellationToken);

    private async Task WriteLoop(ChannelReader<PendingAppend> reader)
    {
        var batch = new BatchBuilder(_options.MaxBatchEntries);
        while (batch.HasCarry || await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Gather(reader);
            if (batch.Appends.Count == 0) continue;

            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                IReadOnlySet<int> conflicts;
                using (LedgerTelemetry.StartWrite(batch.CallerTraces, batch.Entries))
                    conflicts = await _store.WriteAsync(batch.Appends, _stopping.Token).ConfigureAwait(false);
                LedgerMetrics.BatchDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                LedgerMetrics.BatchEntries.Record(batch.Entries);
                LedgerMetrics.Entries.Add(batch.Entries);
                if (conflicts.Count > 0) LedgerMetrics.Conflicts.Add(conflicts.Count);
                batch.Complete(conflicts);
            }
            catch (Exception ex)
            {
                LedgerMetrics.FailedBatches.Add(1);
                batch.Fail(ex);
            }
        }
    }

    /// <summary>FNV-1a over the key's text: unlike <see cref="string.GetHashCode()"/>, the same in every process.</summary>
    private static uint StableHash(WalletKey wallet)
    {
        var hash = 2166136261u;
        foreach (var c in wallet.TenantId) hash = (hash ^ c) * 16777619u;
        hash = (hash ^ '/') * 16777619u;
        foreach (var c in wallet.WalletId) hash = (hash ^ c) * 16777619u;
        return hash;
    }

    /// <summary>Writes what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var queue in _queues) queue.Writer.TryComplete();
        await Task.WhenAll(_writers).ConfigureAwait(false);
        _stopping.Dispose();
    }
}
