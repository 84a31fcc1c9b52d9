namespace Waterfall.Domain.Ledger;

/// <summary>
/// Every account the books post to, with its class, unit rule and code. Paid credit is a liability
/// in USD (deferred revenue) until it is used (revenue) or expires (breakage); given-away credit and
/// unit credits are memo accounts, so they never reach revenue and no unit count is ever added to a
/// dollar. docs/ledger.md explains each one to an accountant.
/// </summary>
public static class ChartOfAccounts
{
    public static IReadOnlyList<AccountDefinition> All { get; } =
    [
        new(AccountType.Treasury, "treasury", "Cash and treasury", AccountClass.Asset, UnitRule.UsdOnly, false, false),
        new(AccountType.SettlementPending, "settlement_pending", "Settlement pending", AccountClass.Asset, UnitRule.UsdOnly, false, false),
        new(AccountType.Receivable, "receivable", "Receivable", AccountClass.Asset, UnitRule.UsdOnly, false, false),
        new(AccountType.WalletAvailable, "available", "Deferred revenue — wallet credit", AccountClass.Liability, UnitRule.UsdOnly, true, true),
        new(AccountType.WalletHeld, "held", "Held credit", AccountClass.Liability, UnitRule.UsdOnly, true, true),
        new(AccountType.WalletUnitValue, "unit_value", "Deferred revenue — unit credit", AccountClass.Liability, UnitRule.UsdOnly, true, false),
        new(AccountType.Revenue, "revenue", "Recognized revenue", AccountClass.Revenue, UnitRule.UsdOnly, false, false),
        new(AccountType.Breakage, "breakage", "Breakage revenue", AccountClass.Revenue, UnitRule.UsdOnly, false, false),
        new(AccountType.OverageRevenue, "overage_revenue", "Overage revenue", AccountClass.Revenue, UnitRule.UsdOnly, false, false),
        new(AccountType.PromotionExpense, "promotion_expense", "Promotion expense (posting rules v1 only)", AccountClass.Expense, UnitRule.GrantUnit, false, false),
        new(AccountType.WalletPromotional, "promotional", "Promotional credit outstanding", AccountClass.Memo, UnitRule.GrantUnit, true, true),
        new(AccountType.WalletPromotionalHeld, "promotional_held", "Promotional credit held", AccountClass.Memo, UnitRule.GrantUnit, true, true),
        new(AccountType.WalletUnits, "units", "Unit credit outstanding", AccountClass.Memo, UnitRule.UnitsOnly, true, true),
        new(AccountType.WalletUnitsHeld, "units_held", "Unit credit held", AccountClass.Memo, UnitRule.UnitsOnly, true, true),
        new(AccountType.PromotionGranted, "promotion_granted", "Promotions granted", AccountClass.Memo, UnitRule.GrantUnit, false, false),
        new(AccountType.PromotionalUsage, "promotional_usage", "Promotional usage", AccountClass.Memo, UnitRule.GrantUnit, false, false),
        new(AccountType.UnusedPromotion, "unused_promotion", "Unused promotion", AccountClass.Memo, UnitRule.GrantUnit, false, false),
        new(AccountType.UnitsIssued, "units_issued", "Unit credit issued", AccountClass.Memo, UnitRule.UnitsOnly, false, false),
        new(AccountType.UnitsUsed, "units_used", "Unit credit used", AccountClass.Memo, UnitRule.UnitsOnly, false, false),
        new(AccountType.UnitsExpired, "units_expired", "Unit credit expired", AccountClass.Memo, UnitRule.UnitsOnly, false, false),
    ];

    private static readonly AccountDefinition[] ByType = Index();

    public static AccountDefinition Of(AccountType type) =>
        (int)type >= 0 && (int)type < ByType.Length && ByType[(int)type] is { } definition
            ? definition
            : throw new ArgumentOutOfRangeException(nameof(type), type, "Not in the chart of accounts.");

    private static AccountDefinition[] Index()
    {
        var byType = new AccountDefinition[All.Max(a => (int)a.Type) + 1];
        foreach (var account in All) byType[(int)account.Type] = account;
        return byType;
    }
}
