using Waterfall.Domain.Grants;
using Waterfall.Domain.Money;

namespace Waterfall.Domain.Ledger;

/// <summary>How the books treat one grant: which accounts its credit lives in and what a unit of it is worth.</summary>
/// <param name="IsPaid">Paid for (purchased, or any kind with a positive cost basis): a liability until used or expired.</param>
/// <param name="UnitValue">Nano-dollars one unit of a paid unit grant is worth: its cost basis, rounded once to the
/// nano-dollar, so that every unit carries the same value and used + expired + outstanding is exactly the grant's value.
/// Zero for USD grants (valued at face) and for given-away credit.</param>
/// <param name="FundedBy">Where a paid grant's cash is: the treasury, settlement pending for an x402 top-up, or a receivable for a refill billed on invoice.</param>
public sealed record BookedGrant(GrantId Id, GrantKind Kind, CreditUnit Unit, bool IsPaid, long UnitValue, LedgerAccount FundedBy)
{
    public static BookedGrant From(GrantId id, GrantTerms terms)
    {
        var paid = terms.Kind.IsPaid || terms.CostBasis > 0;
        var unit = terms.Amount.Unit;
        var unitValue = paid && !unit.IsMoney && terms.CostBasis is { } basis ? NanoDollars.Round(basis) : 0;
        return new(id, terms.Kind, unit, paid, unitValue,
            terms.Source.AwaitsSettlement ? LedgerAccount.SettlementPending : terms.Source.IsInvoiced ? LedgerAccount.Receivable : LedgerAccount.Treasury);
    }

    public bool IsPaidMoney => IsPaid && Unit.IsMoney;
    public bool IsPaidUnits => IsPaid && !Unit.IsMoney;

    /// <summary>The USD value of <paramref name="units"/> of this grant (zero unless it is a paid unit grant).</summary>
    public long ValueOf(long units) => checked(UnitValue * units);

    /// <summary>The wallet account its spendable credit sits in.</summary>
    public LedgerAccount AvailableAccount(string walletId) =>
        !IsPaid ? LedgerAccount.Promotional(walletId) : Unit.IsMoney ? LedgerAccount.Available(walletId) : LedgerAccount.Units(walletId);

    /// <summary>The wallet account its credit sits in while a hold reserves it.</summary>
    public LedgerAccount HeldAccount(string walletId) =>
        !IsPaid ? LedgerAccount.PromotionalHeldBy(walletId) : Unit.IsMoney ? LedgerAccount.HeldBy(walletId) : LedgerAccount.UnitsHeldBy(walletId);
}
