namespace Waterfall.Domain.Ledger;

/// <summary>An account in a tenant's books; wallet accounts also name their wallet.</summary>
public readonly record struct LedgerAccount(AccountType Type, string? WalletId = null)
{
    public AccountDefinition Definition => ChartOfAccounts.Of(Type);

    public AccountClass Class => Definition.Class;

    /// <summary>Counts toward the wallet's balance: credit at face value, available or held, of any kind.</summary>
    public bool IsWallet => Definition.IsWalletCredit;

    public static LedgerAccount Available(string walletId) => new(AccountType.WalletAvailable, walletId);
    public static LedgerAccount HeldBy(string walletId) => new(AccountType.WalletHeld, walletId);
    public static LedgerAccount Promotional(string walletId) => new(AccountType.WalletPromotional, walletId);
    public static LedgerAccount PromotionalHeldBy(string walletId) => new(AccountType.WalletPromotionalHeld, walletId);
    public static LedgerAccount Units(string walletId) => new(AccountType.WalletUnits, walletId);
    public static LedgerAccount UnitsHeldBy(string walletId) => new(AccountType.WalletUnitsHeld, walletId);
    public static LedgerAccount UnitValue(string walletId) => new(AccountType.WalletUnitValue, walletId);
    public static readonly LedgerAccount Treasury = new(AccountType.Treasury);
    public static readonly LedgerAccount PromotionExpense = new(AccountType.PromotionExpense);
    public static readonly LedgerAccount Revenue = new(AccountType.Revenue);
    public static readonly LedgerAccount Breakage = new(AccountType.Breakage);
    public static readonly LedgerAccount Receivable = new(AccountType.Receivable);
    public static readonly LedgerAccount SettlementPending = new(AccountType.SettlementPending);
    public static readonly LedgerAccount OverageRevenue = new(AccountType.OverageRevenue);
    public static readonly LedgerAccount PromotionGranted = new(AccountType.PromotionGranted);
    public static readonly LedgerAccount PromotionalUsage = new(AccountType.PromotionalUsage);
    public static readonly LedgerAccount UnusedPromotion = new(AccountType.UnusedPromotion);
    public static readonly LedgerAccount UnitsIssued = new(AccountType.UnitsIssued);
    public static readonly LedgerAccount UnitsUsed = new(AccountType.UnitsUsed);
    public static readonly LedgerAccount UnitsExpired = new(AccountType.UnitsExpired);

    /// <summary>The account's code in exports, e.g. <c>wallet:w1:available</c> or <c>revenue</c>.</summary>
    public string Code => Definition is { PerWallet: true } d ? $"wallet:{WalletId}:{d.Code}" : Definition.Code;

    /// <summary>
    /// Writes <see cref="Code"/> into <paramref name="destination"/> without making a string: every posting of every
    /// batch writes its account's code, and a wallet account's code is a new string each time it is asked for.
    /// </summary>
    public bool TryFormatCode(Span<char> destination, out int written)
    {
        var definition = Definition;
        if (definition.PerWallet) return destination.TryWrite($"wallet:{WalletId}:{definition.Code}", out written);
        var copied = definition.Code.AsSpan().TryCopyTo(destination);
        written = copied ? definition.Code.Length : 0;
        return copied;
    }

    public override string ToString() => Code;
}
