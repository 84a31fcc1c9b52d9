using Waterfall.Domain.Ledger;
using Waterfall.Domain.Wallets;

namespace Waterfall.Ledger;

/// <summary>
/// A wallet's durable journal. Events are appended in sequence order and never change; the
/// pair (wallet, sequence) is unique, which fences off a second writer of the same wallet.
/// </summary>
public interface IWalletJournal
{
    /// <summary>Everything needed to rebuild a wallet: its events in sequence order.</summary>
    Task<WalletHistory> LoadAsync(WalletKey wallet, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes the events durable, all or nothing. Throws <see cref="JournalConflictException"/> when
    /// a sequence number is already taken (another activation wrote first).
    /// </summary>
    Task AppendAsync(WalletKey wallet, IReadOnlyList<WalletEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Ledger transactions with a sequence above <paramref name="afterSequence"/>, oldest first.</summary>
    Task<IReadOnlyList<LedgerTransaction>> ReadLedgerAsync(WalletKey wallet, long afterSequence, int limit, CancellationToken cancellationToken = default);
}

/// <summary>What the journal holds for one wallet.</summary>
public sealed record WalletHistory(IReadOnlyList<WalletEvent> Events)
{
    public static readonly WalletHistory Empty = new([]);
}

/// <summary>Another writer already appended at this sequence: this activation's state is stale.</summary>
public sealed class JournalConflictException(WalletKey wallet, long sequence)
    : Exception($"Wallet {wallet} already has an entry at sequence {sequence}; this writer is stale.")
{
    public WalletKey Wallet { get; } = wallet;
    public long Sequence { get; } = sequence;
}
