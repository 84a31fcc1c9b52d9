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
    // Refills (docs/refill.md): numbered apart from the kinds other work appends after 13.
    RefillRuleSet = 40,
    RefillRuleCleared = 41,
    RefillRuleDisabled = 42,
    RefillFailed = 43,
    Refilled = 44,
    // Payments (docs/billing.md "Paying an invoice"): 45-49.
    InvoicePaid = 45,
    // Billing cycles (docs/billing.md): numbered apart from the wallet core's and the refills'.
    GrantRolledOver = 50,
    InvoicePosted = 51,
    PlanCreditsForfeited = 52,
    SubscriptionRenewed = 53,
    SubscriptionChanged = 54,
    // Events (docs/events.md): posting-free steps that only record what the wallet announced.
    GrantExpiryNoticed = 60,
}
