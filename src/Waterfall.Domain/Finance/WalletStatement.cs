using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;

namespace Waterfall.Domain.Finance;

/// <summary>
/// A wallet's statement for <c>[From, To)</c>: per unit, the credit it held at the start (available
/// and held together), every transaction of the period with what it changed, and what it held at
/// the end; opening plus the lines' changes is the closing, per unit. A positive change is credit
/// added to the wallet (its accounts are liabilities, so that is a credit posting on them).
/// </summary>
public sealed record WalletStatement(
    string WalletId,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<Amount> Opening,
    IReadOnlyList<StatementLine> Lines,
    IReadOnlyList<Amount> Closing);

/// <summary>One transaction on a statement; <see cref="Changes"/> lists only the units it changed.</summary>
public sealed record StatementLine(long Sequence, DateTimeOffset At, TransactionKind Kind, string? IdempotencyKey, IReadOnlyList<Amount> Changes, Attribution Attribution);

/// <summary>Builds a <see cref="WalletStatement"/> from the wallet's transactions before <c>To</c>, in sequence order.</summary>
public sealed class WalletStatementBuilder(string walletId, DateTimeOffset from, DateTimeOffset to)
{
    private readonly Dictionary<CreditUnit, long> _opening = [];
    private readonly Dictionary<CreditUnit, long> _closing = [];
    private readonly List<StatementLine> _lines = [];

    public void Add(LedgerTransaction transaction)
    {
        if (transaction.At >= to) throw new ArgumentOutOfRangeException(nameof(transaction), $"Transaction {transaction.Wallet}:{transaction.Sequence} is after the period.");
        var changes = new Dictionary<CreditUnit, long>();
        foreach (var posting in transaction.Postings)
            if (IsThisWallets(posting.Account))
                changes[posting.Unit] = checked(changes.GetValueOrDefault(posting.Unit) - posting.Amount);
        foreach (var (unit, change) in changes)
        {
            _closing[unit] = checked(_closing.GetValueOrDefault(unit) + change);
            if (transaction.At < from) _opening[unit] = checked(_opening.GetValueOrDefault(unit) + change);
        }
        if (transaction.At < from) return;
        _lines.Add(new StatementLine(transaction.Sequence, transaction.At, transaction.Kind, transaction.IdempotencyKey,
            Ordered(changes.Where(c => c.Value != 0)), transaction.Attribution));
    }

    public WalletStatement Build()
    {
        // Every unit the wallet ever held appears in both, so opening and closing line up unit by unit.
        foreach (var unit in _closing.Keys) _opening.TryAdd(unit, 0);
        return new WalletStatement(walletId, from, to, Ordered(_opening), [.. _lines], Ordered(_closing));
    }

    /// <summary>The wallet's own accounts (available and held credit): what its holder can spend or has reserved.</summary>
    private bool IsThisWallets(LedgerAccount account) => account.IsWallet && account.WalletId == walletId;

    private static List<Amount> Ordered(IEnumerable<KeyValuePair<CreditUnit, long>> amounts) =>
        amounts.OrderBy(a => a.Key.Code, StringComparer.Ordinal).Select(a => new Amount(a.Value, a.Key)).ToList();
}
