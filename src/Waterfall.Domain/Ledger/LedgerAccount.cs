namespace Waterfall.Domain.Ledger;

/// <summary>An account in a tenant's books; wallet accounts also name their wallet.</summary>
public readonly record struct LedgerAccount(AccountType Type, string? WalletId = null)
{
    public bool IsWallet => Type is AccountType.WalletAvailable or AccountType.WalletHeld;

    public static LedgerAccount Available(string walletId) => new(AccountType.WalletAvailable, walletId);
    public static LedgerAccount HeldBy(string walletId) => new(AccountType.WalletHeld, walletId);
    public static readonly LedgerAccount Treasury = new(AccountType.Treasury);
    public static readonly LedgerAccount PromotionExpense = new(AccountType.PromotionExpense);
    public static readonly LedgerAccount Revenue = new(AccountType.Revenue);
    public static readonly LedgerAccount Breakage = new(AccountType.Breakage);
    public static readonly LedgerAccount Receivable = new(AccountType.Receivable);
    public static readonly LedgerAccount SettlementPending = new(AccountType.SettlementPending);

    /// <summary>The account's code in exports, e.g. <c>wallet:w1:available</c> or <c>revenue</c>.</summary>
    public string Code => Type switch
    {
        AccountType.WalletAvailable => $"wallet:{WalletId}:available",
        AccountType.WalletHeld => $"wallet:{WalletId}:held",
        AccountType.Treasury => "treasury",
        AccountType.PromotionExpense => "promotion_expense",
        AccountType.Revenue => "revenue",
        AccountType.Breakage => "breakage",
        AccountType.Receivable => "receivable",
        AccountType.SettlementPending => "settlement_pending",
        _ => Type.ToString(),
    };

    public override string ToString() => Code;
}
