namespace Waterfall.Domain.Ledger;

/// <summary>
/// The chart of accounts. Wallet accounts are liabilities (what the tenant owes the wallet's
/// holder); the rest are the tenant's books.
/// </summary>
public enum AccountType
{
    /// <summary>Liability: credit a wallet can spend now.</summary>
    WalletAvailable = 0,
    /// <summary>Liability: credit reserved by open holds.</summary>
    WalletHeld = 1,
    /// <summary>Asset: cash received for purchased credit (deferred revenue until used).</summary>
    Treasury = 2,
    /// <summary>Expense: promotional and bonus credit given away.</summary>
    PromotionExpense = 3,
    /// <summary>Income: usage recognized as revenue.</summary>
    Revenue = 4,
    /// <summary>Income: credit that expired unused.</summary>
    Breakage = 5,
    /// <summary>Asset: usage billed in arrears (overage), owed on the period's invoice; also credit used whose payment failed.</summary>
    Receivable = 6,
    /// <summary>Asset: x402 payments verified and credited but not yet settled on chain.</summary>
    SettlementPending = 7,
}
