using System.Threading.Channels;
using Waterfall.Domain.Idempotency;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Wallets;
using Waterfall.Ledger;

namespace Waterfall.Simulation;

/// <summary>
/// The group-commit journal with the faults the seed chooses. Appends queue as they do for the real writer and
/// are gathered into batches by its own <see cref="BatchBuilder"/> (merging a wallet's consecutive appends,
/// holding back a stale one, refusing a failed writer's later ones). A batch is written when the simulation
/// says: all or nothing, each append checked against the wallet's last durable sequence by the real
/// <see cref="InMemoryWalletJournal"/>, as the durable stores check it. As in the real write loop, the next
/// batch is gathered the moment one completes, before anyone waiting on the last one has run.
/// </summary>
internal sealed class SimulatedStore : IWalletJournal
{
    private readonly InMemoryWalletJournal _durable = new();
    private readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>();
    private readonly BatchBuilder _batch;
    private readonly int _maxAppendsInFlight;
    private bool _gathered;

    public SimulatedStore(int maxAppendsInFlight, int maxBatchEntries)
    {
        _maxAppendsInFlight = maxAppendsInFlight;
        _batch = new BatchBuilder(maxBatchEntries);
    }

    /// <summary>What a batch's write did, for the trace.</summary>
    public enum Landing { Durable, Failed, DurableButAckLost }

    public int MaxAppendsInFlight => _maxAppendsInFlight;

    /// <summary>Appends not yet answered: queued, or in the gathered batch.</summary>
    public int Pending => _queue.Reader.Count + (_gathered ? _batch.Appends.Count : 0) + (_batch.HasCarry ? 1 : 0);

    /// <summary>Told of every batch handed over, for the trace.</summary>
    public Action<string>? Appended { get; set; }

    public Task AppendAsync(WalletKey wallet, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default)
    {
        if (entries.Count == 0) return Task.CompletedTask;
        var pending = new PendingAppend(new JournalAppend(wallet, entries), cancellationToken);
        _queue.Writer.TryWrite(pending);
        Appended?.Invoke(string.Join(", ", entries.Select(e => $"{e.Event.Sequence}:{e.Event.GetType().Name}")));
        return pending.Done.Task;
    }

    /// <summary>Writes the gathered batch (gathering one first if there is none), then gathers the next.</summary>
    public Landing? LandNext(bool write, bool loseAck)
    {
        if (!_gathered) Gather();
        if (!_gathered) return null;
        var appends = _batch.Appends;
        Landing landing;
        if (!write)
        {
            _batch.Fail(new IOException("simulated write failure"));
            landing = Landing.Failed;
        }
        else
        {
            var conflicts = new HashSet<int>();
            for (var i = 0; i < appends.Count; i++)
                if (_durable.AppendAsync(appends[i].Wallet, appends[i].Entries).Exception?.InnerException is JournalConflictException) conflicts.Add(i);
            if (loseAck) _batch.Fail(new IOException("simulated lost acknowledgement: the batch is durable"));
            else _batch.Complete(conflicts);
            landing = loseAck ? Landing.DurableButAckLost : Landing.Durable;
        }
        _gathered = false;
        Gather();
        return landing;
    }

    /// <summary>The process dies: the first <paramref name="landed"/> batches made it to disk, the rest never did.</summary>
    public void Crash(int landed)
    {
        for (var i = 0; Pending > 0; i++) LandNext(write: i < landed, loseAck: true);
    }

    private void Gather()
    {
        _batch.Gather(_queue.Reader);
        _gathered = _batch.Appends.Count > 0;
    }

    public Task<WalletHistory> LoadAsync(WalletKey wallet, CancellationToken cancellationToken = default) => _durable.LoadAsync(wallet, cancellationToken);

    public Task SaveSnapshotAsync(WalletKey wallet, WalletSnapshot snapshot, CancellationToken cancellationToken = default) =>
        _durable.SaveSnapshotAsync(wallet, snapshot, cancellationToken);

    public Task<long> ReadHeadSequenceAsync(WalletKey wallet, CancellationToken cancellationToken = default) =>
        _durable.ReadHeadSequenceAsync(wallet, cancellationToken);

    public Task<IReadOnlyList<LedgerTransaction>> ReadLedgerAsync(WalletKey wallet, long afterSequence, int limit, CancellationToken cancellationToken = default) =>
        _durable.ReadLedgerAsync(wallet, afterSequence, limit, cancellationToken);

    public Task<IdempotencyRecord?> FindIdempotencyAsync(WalletKey wallet, TransactionKind operation, string key, CancellationToken cancellationToken = default) =>
        _durable.FindIdempotencyAsync(wallet, operation, key, cancellationToken);

    public Task<IReadOnlyList<IdempotencyRecord>> FindIdempotencyKeysAsync(WalletKey wallet, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default) =>
        _durable.FindIdempotencyKeysAsync(wallet, keys, cancellationToken);

    /// <summary>Every durable event of the wallet, snapshot or not.</summary>
    public IReadOnlyList<WalletEvent> Events(WalletKey wallet) => _durable.Journals().GetValueOrDefault(wallet) ?? [];
}
