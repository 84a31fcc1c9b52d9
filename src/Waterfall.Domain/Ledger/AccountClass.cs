namespace Waterfall.Domain.Ledger;

/// <summary>
/// Where an account sits in the financial statements. Memo accounts count what has no USD value of
/// its own (unit credits, given-away credit); their postings balance among themselves, so a trial
/// balance still sums to zero per unit.
/// </summary>
public enum AccountClass
{
    Asset = 0,
    Liability = 1,
    Revenue = 2,
    ContraRevenue = 3,
    Expense = 4,
    Memo = 5,
}
