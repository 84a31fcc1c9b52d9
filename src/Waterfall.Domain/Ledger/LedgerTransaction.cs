using Waterfall.Domain.Money;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Ledger;

/// <summary>
/// An immutable, balanced journal entry: one wallet operation, numbered by the wallet's
/// sequence. Derived from the wallet event that records the operation.
/// </summary>
public sealed record LedgerTransaction(
    WalletKey Wallet,
    long Sequence,
    TransactionKind Kind,
    DateTimeOffset At,
    string? IdempotencyKey,
    IReadOnlyList<Posting> Postings,
    Attribution Attribution)
{
    /// <summary>True when the postings sum to zero in every unit.</summary>
    public bool IsBalanced => Imbalances().Count == 0;

    /// <summary>The units whose postings do not sum to zero, with their sums.</summary>
    public IReadOnlyList<Amount> Imbalances()
    {
        var sums = new Dictionary<CreditUnit, long>();
        foreach (var posting in Postings)
            sums[posting.Unit] = checked(sums.GetValueOrDefault(posting.Unit) + posting.Amount);
        return sums.Where(s => s.Value != 0).Select(s => new Amount(s.Value, s.Key)).ToList();
    }
}
