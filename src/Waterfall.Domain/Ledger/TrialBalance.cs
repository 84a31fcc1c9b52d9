using Waterfall.Domain.Money;

namespace Waterfall.Domain.Ledger;

/// <summary>
/// A trial balance for the period [<see cref="From"/>, <see cref="To"/>), built from a stream of
/// transactions in any order, one at a time: those before the period make the opening balances,
/// those in it the debits and credits, those after it are ignored. Memory is one row per account
/// and unit, never per transaction. Amounts are signed debit-positive.
/// </summary>
public sealed class TrialBalance(DateTimeOffset from, DateTimeOffset to)
{
    private readonly Dictionary<(LedgerAccount Account, CreditUnit Unit), Accumulator> _rows = [];

    public DateTimeOffset From { get; } = from;
    public DateTimeOffset To { get; } = to;

    public long TransactionsInPeriod { get; private set; }

    public void Add(LedgerTransaction transaction)
    {
        if (transaction.At >= To) return;
        var inPeriod = transaction.At >= From;
        if (inPeriod) TransactionsInPeriod++;
        foreach (var p in transaction.Postings) Post(p.Account, p.Unit, p.Amount, inPeriod);
    }

    /// <summary>One transaction's journal lines (all of them: a transaction is never split).</summary>
    public void Add(IReadOnlyList<JournalLine> transaction)
    {
        if (transaction.Count == 0 || transaction[0].At >= To) return;
        var inPeriod = transaction[0].At >= From;
        if (inPeriod) TransactionsInPeriod++;
        foreach (var line in transaction) Post(line.Account, line.Unit, line.Amount, inPeriod);
    }

    private void Post(LedgerAccount account, CreditUnit unit, long amount, bool inPeriod)
    {
        if (!_rows.TryGetValue((account, unit), out var row)) _rows[(account, unit)] = row = new Accumulator();
        if (!inPeriod) row.Opening = checked(row.Opening + amount);
        else if (amount > 0) row.Debits = checked(row.Debits + amount);
        else row.Credits = checked(row.Credits - amount);
    }

    /// <summary>Every account and unit touched up to the end of the period, ordered by account code then unit.</summary>
    public IReadOnlyList<TrialBalanceRow> Rows() =>
        _rows.Select(r => new TrialBalanceRow(r.Key.Account, r.Key.Unit, r.Value.Opening, r.Value.Debits, r.Value.Credits))
            .OrderBy(r => r.Account.Code, StringComparer.Ordinal).ThenBy(r => r.Unit.Code, StringComparer.Ordinal)
            .ToList();

    /// <summary>Per unit, the sum over all accounts; every figure is zero in a balanced book (debits equal credits).</summary>
    public IReadOnlyList<TrialBalanceTotal> Totals() =>
        _rows.GroupBy(r => r.Key.Unit)
            .Select(g => new TrialBalanceTotal(g.Key, g.Sum(r => r.Value.Opening), g.Sum(r => r.Value.Debits), g.Sum(r => r.Value.Credits),
                g.Sum(r => r.Value.Opening + r.Value.Debits - r.Value.Credits)))
            .OrderBy(t => t.Unit.Code, StringComparer.Ordinal)
            .ToList();

    public bool IsBalanced => Totals().All(t => t.Opening == 0 && t.Debits == t.Credits && t.Closing == 0);

    private sealed class Accumulator
    {
        public long Opening;
        public long Debits;
        public long Credits;
    }
}

/// <summary>One account in one unit: <see cref="Closing"/> = opening + debits − credits (debit-positive).</summary>
public sealed record TrialBalanceRow(LedgerAccount Account, CreditUnit Unit, long Opening, long Debits, long Credits)
{
    public long Closing => Opening + Debits - Credits;

    public string AccountCode => Account.Code;

    public AccountClass AccountClass => Account.Class;
}

/// <summary>The sum of every account in one unit.</summary>
public sealed record TrialBalanceTotal(CreditUnit Unit, long Opening, long Debits, long Credits, long Closing);
