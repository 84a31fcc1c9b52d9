using Waterfall.Domain.Idempotency;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Wallets;

namespace Waterfall.Ledger;

/// <summary>
/// A wallet's durable journal. Events are appended in sequence order and never change; the
/// pair (wallet, sequence) is unique, which fences off a second writer of the same wallet.
/// </summary>
public interface IWalletJournal
{
    /// <summary>Everything needed to rebuild a wallet: its latest snapshot and the events after it, in order.</summary>
    Task<WalletHistory> LoadAsync(WalletKey wallet, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes the entries durable, all or nothing, with their idempotency keys. Throws <see cref="JournalConflictException"/> when
    /// a sequence number is already taken (another activation wrote first).
    /// </summary>
    Task AppendAsync(WalletKey wallet, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>
    /// How many appends of one wallet may be handed over before the earlier ones are durable. Only a
    /// journal that writes a wallet's appends in the order it was given them may allow more than one.
    /// </summary>
    int MaxAppendsInFlight => 1;

    /// <summary>Stores a snapshot whose sequence is already durable. Losing one is harmless: recovery replays more.</summary>
    Task SaveSnapshotAsync(WalletKey wallet, WalletSnapshot snapshot, CancellationToken cancellationToken = default);

    /// <summary>
    /// The wallet's last durable sequence (0 for a wallet with no entries): one indexed probe, so an activation
    /// can confirm cheaply that no other activation wrote since it loaded, before it answers a refusal from memory.
    /// </summary>
    Task<long> ReadHeadSequenceAsync(WalletKey wallet, CancellationToken cancellationToken = default);

    /// <summary>Ledger transactions with a sequence above <paramref name="afterSequence"/>, oldest first.</summary>
    Task<IReadOnlyList<LedgerTransaction>> ReadLedgerAsync(WalletKey wallet, long afterSequence, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// The durable record of an idempotency key, for keys the wallet's memory no longer holds;
    /// null when the key was never used or is past retention.
    /// </summary>
    Task<IdempotencyRecord?> FindIdempotencyAsync(WalletKey wallet, TransactionKind operation, string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every durable record of the given keys on a wallet, whatever operation each was used for: a key the wallet's
    /// memory no longer holds must still be refused for an operation it may not be shared with (<see cref="KeyScope"/>).
    /// Many keys in one read, so a busy wallet's lookups cost one round trip together (docs/durability.md).
    /// </summary>
    Task<IReadOnlyList<IdempotencyRecord>> FindIdempotencyKeysAsync(WalletKey wallet, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
        => KeyTableLookup.OneByOne(keys, (operation, key) => FindIdempotencyAsync(wallet, operation, key, cancellationToken));
}

/// <summary>What the journal holds for one wallet: its latest snapshot (if any) and the events after it.</summary>
public sealed record WalletHistory(WalletSnapshot? Snapshot, IReadOnlyList<WalletEvent> Events)
{
    public static readonly WalletHistory Empty = new(null, []);

    /// <summary>Rebuilds the wallet: the snapshot, then every event after it.</summary>
    public Wallet Restore(WalletKey key, WalletOptions? options = null)
    {
        var wallet = Snapshot is null ? new Wallet(key, options) : Wallet.Restore(key, Snapshot, options);
        foreach (var @event in Events) wallet.Apply(@event);
        return wallet;
    }
}

/// <summary>Another writer already appended at this sequence: this activation's state is stale.</summary>
public sealed class JournalConflictException(WalletKey wallet, long sequence)
    : Exception($"Wallet {wallet} already has an entry at sequence {sequence}; this writer is stale.")
{
    public WalletKey Wallet { get; } = wallet;
    public long Sequence { get; } = sequence;
}
