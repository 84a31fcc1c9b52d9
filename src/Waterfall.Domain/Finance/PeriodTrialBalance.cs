using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;

namespace Waterfall.Domain.Finance;

/// <summary>
/// A trial balance of the period <c>[From, To)</c>, built from the tenant's transactions one at a
/// time (everything before <c>To</c>, oldest or not: those before <c>From</c> make the opening
/// balances), so its memory is one entry per account and unit, whatever the ledger's size.
/// Balances are signed like postings: positive is a debit balance, negative a credit balance.
/// </summary>
public sealed class PeriodTrialBalance(DateTimeOffset from, DateTimeOffset to)
{
    private readonly Dictionary<(string Account, CreditUnit Unit), long[]> _accounts = [];

    public DateTimeOffset From { get; } = from;
    public DateTimeOffset To { get; } = to;

    /// <summary>Takes one transaction; one at or after <c>To</c> is a caller's mistake.</summary>
    public void Add(LedgerTransaction transaction)
    {
        if (transaction.At >= To) throw new ArgumentOutOfRangeException(nameof(transaction), $"Transaction {transaction.Wallet}:{transaction.Sequence} is after the period.");
        var opening = transaction.At < From;
        foreach (var posting in transaction.Postings)
        {
            var key = (posting.Account.Code, posting.Unit);
            if (!_accounts.TryGetValue(key, out var totals)) _accounts[key] = totals = new long[3];
            if (opening) totals[0] = checked(totals[0] + posting.Amount);
            else if (posting.Amount > 0) totals[1] = checked(totals[1] + posting.Amount);
            else totals[2] = checked(totals[2] - posting.Amount);
        }
    }

    /// <summary>Every account and unit touched so far, ordered by account then unit.</summary>
    public IReadOnlyList<TrialBalanceRow> Rows() =>
        _accounts.OrderBy(a => a.Key.Account, StringComparer.Ordinal).ThenBy(a => a.Key.Unit.Code, StringComparer.Ordinal)
            .Select(a => new TrialBalanceRow(a.Key.Account, a.Key.Unit, a.Value[0], a.Value[1], a.Value[2], checked(a.Value[0] + a.Value[1] - a.Value[2])))
            .ToList();

    /// <summary>Per unit, the sum of every account's closing balance: zero when the books balance.</summary>
    public IReadOnlyList<Amount> Totals() =>
        Rows().GroupBy(r => r.Unit).OrderBy(g => g.Key.Code, StringComparer.Ordinal)
            .Select(g => new Amount(g.Sum(r => r.Closing), g.Key)).ToList();
}

/// <summary>One account's line in a trial balance: debits and credits are the period's totals of each side (both positive).</summary>
public sealed record TrialBalanceRow(string Account, CreditUnit Unit, long Opening, long Debits, long Credits, long Closing);
