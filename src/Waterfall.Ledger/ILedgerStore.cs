using Waterfall.Domain.Idempotency;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Wallets;

namespace Waterfall.Ledger;

/// <summary>
/// A durable ledger database (PostgreSQL, the embedded SQLite file). Writes come in batches from
/// the silo's <see cref="GroupCommitJournal"/>: many wallets' appends in one round trip.
/// </summary>
public interface ILedgerStore
{
    Task<WalletHistory> LoadAsync(WalletKey wallet, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the batch. Each append is all or nothing, and is written only if its first sequence
    /// directly follows the wallet's last durable one; the indexes of appends that do not are
    /// returned as conflicts, and nothing of them is written. Other appends are unaffected.
    /// Throws if the store cannot write at all (then nothing of the batch was written).
    /// </summary>
    Task<IReadOnlySet<int>> WriteAsync(IReadOnlyList<JournalAppend> batch, CancellationToken cancellationToken);

    Task SaveSnapshotAsync(WalletKey wallet, WalletSnapshot snapshot, CancellationToken cancellationToken);

    /// <summary>The wallet's last durable sequence, 0 when it has none (see <see cref="IWalletJournal.ReadHeadSequenceAsync"/>).</summary>
    Task<long> ReadHeadSequenceAsync(WalletKey wallet, CancellationToken cancellationToken);

    Task<IReadOnlyList<LedgerTransaction>> ReadLedgerAsync(WalletKey wallet, long afterSequence, int limit, CancellationToken cancellationToken);

    Task<IdempotencyRecord?> FindIdempotencyAsync(WalletKey wallet, TransactionKind operation, string key, CancellationToken cancellationToken);

    /// <summary>Every record of the given keys on a wallet, whatever their operation (see <see cref="IWalletJournal.FindIdempotencyKeysAsync"/>).</summary>
    Task<IReadOnlyList<IdempotencyRecord>> FindIdempotencyKeysAsync(WalletKey wallet, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
        => KeyTableLookup.OneByOne(keys, (operation, key) => FindIdempotencyAsync(wallet, operation, key, cancellationToken));

    /// <summary>Forgets idempotency keys recorded before the cutoff; returns how many.</summary>
    Task<int> PurgeIdempotencyAsync(DateTimeOffset recordedBefore, CancellationToken cancellationToken);
}

/// <summary>One wallet's entries in a batch, in sequence order.</summary>
public sealed record JournalAppend(WalletKey Wallet, IReadOnlyList<JournalEntry> Entries)
{
    public long FirstSequence => Entries[0].Event.Sequence;
}
