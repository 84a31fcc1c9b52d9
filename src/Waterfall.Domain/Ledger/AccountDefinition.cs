namespace Waterfall.Domain.Ledger;

/// <summary>One line of the chart of accounts.</summary>
/// <param name="Code">The account's code in exports; per-wallet accounts read <c>wallet:{id}:{Code}</c>.</param>
/// <param name="PerWallet">One account per wallet rather than one per tenant.</param>
/// <param name="IsWalletCredit">Counts toward the wallet's balance (credit at face value, available or held).</param>
public sealed record AccountDefinition(AccountType Type, string Code, string Name, AccountClass Class, UnitRule Units, bool PerWallet, bool IsWalletCredit)
{
    /// <summary>Assets, expenses and contra-revenue grow with debits; the rest with credits.</summary>
    public bool IsDebitNormal => Class is AccountClass.Asset or AccountClass.Expense or AccountClass.ContraRevenue;

    public bool Allows(Money.CreditUnit unit) => Units switch
    {
        UnitRule.UsdOnly => unit.IsMoney,
        UnitRule.UnitsOnly => !unit.IsMoney,
        _ => true,
    };
}
