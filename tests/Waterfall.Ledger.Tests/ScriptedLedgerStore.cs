using Waterfall.Domain.Idempotency;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Wallets;

namespace Waterfall.Ledger.Tests;

/// <summary>
/// A ledger store for proving the group-commit writer: durable state in memory, checked like the real
/// stores (each append must directly follow the wallet's last durable sequence as it was before the
/// batch, so a second append of a wallet in one batch is refused). It can hold batches at a gate, fail
/// a chosen batch (throw, or refuse every append in it as a conflict), and records every batch and
/// any wallet that was ever in two batches being written at once.
/// </summary>
public sealed class ScriptedLedgerStore : ILedgerStore
{
    private readonly HashSet<WalletKey> _inFlight = [];
    private int _batches;

    public InMemoryWalletJournal Durable { get; } = new();

    /// <summary>The 1-based number of the batch to fail; null writes every batch.</summary>
    public int? FailBatch { get; init; }

    /// <summary>Fail <see cref="FailBatch"/> by refusing its appends as conflicts instead of throwing.</summary>
    public bool FailAsConflict { get; init; }

    /// <summary>Each batch received, in order, as the appends it held.</summary>
    public List<IReadOnlyList<JournalAppend>> Batches { get; } = [];

    /// <summary>Wallets found in a batch while another batch holding them was still being written.</summary>
    public List<WalletKey> Overlaps { get; } = [];

    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Completes when the first batch reaches the store.</summary>
    public TaskCompletionSource FirstWrite { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<IReadOnlySet<int>> WriteAsync(IReadOnlyList<JournalAppend> batch, CancellationToken cancellationToken)
    {
        int number;
        lock (_inFlight)
        {
            number = ++_batches;
            Batches.Add(batch.ToList());
            foreach (var append in batch)
                if (!_inFlight.Add(append.Wallet)) Overlaps.Add(append.Wallet);
        }
        try
        {
            FirstWrite.TrySetResult();
            if (Gate is { } gate) await gate.Task;
            await Task.Yield(); // let other writers' batches overlap this one
            if (number == FailBatch)
            {
                if (!FailAsConflict) throw new IOException($"injected: batch {number} could not be written");
                return Enumerable.Range(0, batch.Count).ToHashSet();
            }
            var conflicts = new HashSet<int>();
            var seen = new HashSet<WalletKey>();
            for (var i = 0; i < batch.Count; i++)
            {
                if (!seen.Add(batch[i].Wallet)) { conflicts.Add(i); continue; }
                try { await Durable.AppendAsync(batch[i].Wallet, batch[i].Entries, cancellationToken); }
                catch (JournalConflictException) { conflicts.Add(i); }
            }
            return conflicts;
        }
        finally
        {
            lock (_inFlight)
                foreach (var append in batch) _inFlight.Remove(append.Wallet);
        }
    }

    public Task<WalletHistory> LoadAsync(WalletKey wallet, CancellationToken cancellationToken) => Durable.LoadAsync(wallet, cancellationToken);
    public Task SaveSnapshotAsync(WalletKey wallet, WalletSnapshot snapshot, CancellationToken cancellationToken) => Task.CompletedTask;
    public Task<long> ReadHeadSequenceAsync(WalletKey wallet, CancellationToken cancellationToken) => Durable.ReadHeadSequenceAsync(wallet, cancellationToken);
    public Task<IReadOnlyList<LedgerTransaction>> ReadLedgerAsync(WalletKey wallet, long afterSequence, int limit, CancellationToken cancellationToken) => Durable.ReadLedgerAsync(wallet, afterSequence, limit, cancellationToken);
    public Task<IdempotencyRecord?> FindIdempotencyAsync(WalletKey wallet, TransactionKind operation, string key, CancellationToken cancellationToken) => Durable.FindIdempotencyAsync(wallet, operation, key, cancellationToken);
    public Task<int> PurgeIdempotencyAsync(DateTimeOffset recordedBefore, CancellationToken cancellationToken) => Task.FromResult(0);
}
