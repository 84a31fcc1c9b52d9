using Waterfall.Domain.Ledger;

namespace Waterfall.Domain.Idempotency;

/// <summary>
/// Which operations may share one idempotency key on a wallet. A hold's life (authorize, grow,
/// capture, void, extend) is one call followed through, so its steps share the call's key; every
/// other operation owns its keys. A key first used for a grant and then sent with a debit is a
/// client bug (or an attempt to pass one request off as another), never a new request.
/// </summary>
public static class KeyScope
{
    /// <summary>Every operation that carries an idempotency key.</summary>
    public static IReadOnlyList<TransactionKind> Commands { get; } =
    [
        TransactionKind.WalletOpened, TransactionKind.SettingsChanged, TransactionKind.CreditsGranted, TransactionKind.Debited,
        TransactionKind.HoldAuthorized, TransactionKind.HoldGrown, TransactionKind.HoldCaptured, TransactionKind.HoldVoided,
        TransactionKind.HoldExtended, TransactionKind.TopUpSettled, TransactionKind.TopUpReversed,
        TransactionKind.RefillRuleSet, TransactionKind.RefillRuleCleared, TransactionKind.RefillRuleDisabled,
        TransactionKind.GrantRolledOver, TransactionKind.InvoicePosted, TransactionKind.PlanCreditsForfeited,
        TransactionKind.SubscriptionRenewed, TransactionKind.SubscriptionChanged, TransactionKind.InvoicePaid,
    ];

    /// <summary>True when one key may be used for both operations.</summary>
    public static bool SharesKeys(TransactionKind a, TransactionKind b) => Family(a) == Family(b);

    private static TransactionKind Family(TransactionKind operation) => operation switch
    {
        TransactionKind.HoldAuthorized or TransactionKind.HoldGrown or TransactionKind.HoldCaptured
            or TransactionKind.HoldVoided or TransactionKind.HoldExtended => TransactionKind.HoldAuthorized,
        _ => operation,
    };
}
