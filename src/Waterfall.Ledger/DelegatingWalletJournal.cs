using Waterfall.Domain.Idempotency;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Wallets;

namespace Waterfall.Ledger;

/// <summary>
/// A journal that adds something to another and passes everything else through — including
/// <see cref="IWalletJournal.MaxAppendsInFlight"/>: a wrapper that forgot it would silently turn a wallet's
/// pipelined writes back into one at a time.
/// </summary>
public abstract class DelegatingWalletJournal(IWalletJournal inner) : IWalletJournal
{
    protected IWalletJournal Inner { get; } = inner;

    public virtual int MaxAppendsInFlight => Inner.MaxAppendsInFlight;

    public virtual Task AppendAsync(WalletKey wallet, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default) =>
        Inner.AppendAsync(wallet, entries, cancellationToken);

    public virtual Task<WalletHistory> LoadAsync(WalletKey wallet, CancellationToken cancellationToken = default) => Inner.LoadAsync(wallet, cancellationToken);

    public virtual Task SaveSnapshotAsync(WalletKey wallet, WalletSnapshot snapshot, CancellationToken cancellationToken = default) =>
        Inner.SaveSnapshotAsync(wallet, snapshot, cancellationToken);

    public virtual Task<long> ReadHeadSequenceAsync(WalletKey wallet, CancellationToken cancellationToken = default) =>
        Inner.ReadHeadSequenceAsync(wallet, cancellationToken);

    public virtual Task<IReadOnlyList<LedgerTransaction>> ReadLedgerAsync(WalletKey wallet, long afterSequence, int limit, CancellationToken cancellationToken = default) =>
        Inner.ReadLedgerAsync(wallet, afterSequence, limit, cancellationToken);

    public virtual Task<IdempotencyRecord?> FindIdempotencyAsync(WalletKey wallet, TransactionKind operation, string key, CancellationToken cancellationToken = default) =>
        Inner.FindIdempotencyAsync(wallet, operation, key, cancellationToken);

    public virtual Task<IReadOnlyList<IdempotencyRecord>> FindIdempotencyKeysAsync(WalletKey wallet, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default) =>
        Inner.FindIdempotencyKeysAsync(wallet, keys, cancellationToken);
}
