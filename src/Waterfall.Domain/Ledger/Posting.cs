using Waterfall.Domain.Grants;
using Waterfall.Domain.Holds;
using Waterfall.Domain.Money;

namespace Waterfall.Domain.Ledger;

/// <summary>
/// One line of a ledger transaction. <see cref="Amount"/> is signed: positive debits the
/// account, negative credits it. A transaction's postings sum to zero per unit.
/// </summary>
public readonly record struct Posting(LedgerAccount Account, CreditUnit Unit, long Amount, GrantId? Grant = null, HoldId? Hold = null)
{
    public bool IsDebit => Amount > 0;
}
