namespace Waterfall.Domain.Ledger;

/// <summary>What a ledger transaction records. One wallet operation is one transaction.</summary>
public enum TransactionKind
{
    WalletOpened = 0,
    CreditsGranted = 1,
    Debited = 2,
    HoldAuthorized = 3,
    HoldCaptured = 4,
    HoldVoided = 5,
    HoldExpired = 6,
    HoldExtended = 7,
    GrantExpired = 8,
    SettingsChanged = 9,
    TopUpSettled = 10,
    TopUpReversed = 11,
    RevokedCreditRecovered = 12,
    HoldGrown = 13,
    // Billing cycles: numbered apart from the wallet core's, so another context's new kinds cannot collide.
    GrantRolledOver = 40,
    InvoicePosted = 41,
}
