using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Ledger;

/// <summary>
/// Posts one wallet's journal under the current posting rules (<see cref="PostingRules.V2"/>), event by
/// event in sequence order, learning its grants as they are made. Memory: one record per grant.
/// </summary>
public sealed class WalletBooks(WalletKey wallet, GrantDirectory? grants = null)
{
    private readonly GrantDirectory _grants = grants ?? new GrantDirectory();

    public WalletKey Wallet { get; } = wallet;

    public IGrantDirectory Grants => _grants;

    /// <summary>The event as a v2 ledger transaction.</summary>
    public LedgerTransaction Post(WalletEvent e)
    {
        _grants.Observe(e);
        return new LedgerTransaction(Wallet, e.Sequence, e.Kind, e.At, e.IdempotencyKey,
            PostingRules.PostV2(e, Wallet.WalletId, _grants), e.Attribution);
    }

    /// <summary>The event as journal lines, one per posting, in posting order.</summary>
    public IReadOnlyList<JournalLine> Journal(WalletEvent e) => JournalLine.Of(Post(e), _grants);

    /// <summary>A whole journal (from the wallet's first event) as v2 transactions.</summary>
    public static IEnumerable<LedgerTransaction> Post(WalletKey wallet, IEnumerable<WalletEvent> journal)
    {
        var books = new WalletBooks(wallet);
        foreach (var e in journal) yield return books.Post(e);
    }
}
