namespace Waterfall.Domain.Ledger;

/// <summary>
/// The chart of accounts (see <see cref="ChartOfAccounts"/> for each account's class, unit rule and
/// code, and docs/ledger.md for what posts to it). Values are stable: v1 postings used 0–7.
/// </summary>
public enum AccountType
{
    /// <summary>Liability, per wallet: deferred revenue — paid USD credit the wallet can spend now.</summary>
    WalletAvailable = 0,
    /// <summary>Liability, per wallet: paid USD credit reserved by open holds.</summary>
    WalletHeld = 1,
    /// <summary>Asset: cash received.</summary>
    Treasury = 2,
    /// <summary>Expense (posting rules v1 only): given-away credit expensed when granted. v2 never posts to it.</summary>
    PromotionExpense = 3,
    /// <summary>Revenue: paid credit used.</summary>
    Revenue = 4,
    /// <summary>Revenue: paid credit that expired unused.</summary>
    Breakage = 5,
    /// <summary>Asset: usage billed in arrears (overage), and credit used whose payment failed.</summary>
    Receivable = 6,
    /// <summary>Asset: x402 payments verified and credited but not yet settled on chain.</summary>
    SettlementPending = 7,
    /// <summary>Memo, per wallet: given-away credit (promotional, unpaid bonus) the wallet can spend now.</summary>
    WalletPromotional = 8,
    /// <summary>Memo, per wallet: given-away credit reserved by open holds.</summary>
    WalletPromotionalHeld = 9,
    /// <summary>Memo, per wallet: paid unit credit (tokens, requests, sessions) the wallet can spend now.</summary>
    WalletUnits = 10,
    /// <summary>Memo, per wallet: paid unit credit reserved by open holds.</summary>
    WalletUnitsHeld = 11,
    /// <summary>Liability, per wallet: deferred revenue — the USD value (cost basis × units) of paid unit credit not yet used or expired.</summary>
    WalletUnitValue = 12,
    /// <summary>Memo: face value of given-away credit issued (the promotion's budget drawn).</summary>
    PromotionGranted = 13,
    /// <summary>Memo (reported as contra-revenue): face value of usage given-away credit covered. Never revenue.</summary>
    PromotionalUsage = 14,
    /// <summary>Memo: given-away credit that expired unused; reverses the promotion, never income.</summary>
    UnusedPromotion = 15,
    /// <summary>Memo: paid unit credit issued, in its unit.</summary>
    UnitsIssued = 16,
    /// <summary>Memo: paid unit credit used, in its unit (its USD value goes to <see cref="Revenue"/>).</summary>
    UnitsUsed = 17,
    /// <summary>Memo: paid unit credit expired unused, in its unit (its USD value goes to <see cref="Breakage"/>).</summary>
    UnitsExpired = 18,
    /// <summary>Revenue: usage beyond the wallet's grants, billed on the period's invoice.</summary>
    OverageRevenue = 19,
}
