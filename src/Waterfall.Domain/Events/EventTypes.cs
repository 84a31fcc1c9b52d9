namespace Waterfall.Domain.Events;

/// <summary>
/// Every event type a platform can subscribe to. The wallet announces the ones in <see cref="Emitted"/>
/// from its own postings; the rest are reserved names for the contexts that will emit them
/// (invoices and subscriptions from billing),
/// so endpoints can already filter on them.
/// </summary>
public static class EventTypes
{
    public const string BalanceLow = "wallet.balance_low";
    public const string BalanceRecovered = "wallet.balance_recovered";
    public const string Depleted = "wallet.depleted";
    public const string GrantExpiring = "grant.expiring";
    public const string GrantExpired = "grant.expired";
    public const string HoldExpired = "hold.expired";
    public const string TopUpSettled = "topup.settled";
    public const string TopUpReversed = "topup.reversed";
    public const string RefillSucceeded = "refill.succeeded";
    public const string RefillFailed = "refill.failed";
    public const string InvoiceIssued = "invoice.issued";
    public const string InvoicePaid = "invoice.paid";
    public const string SubscriptionStarted = "subscription.started";
    public const string SubscriptionRenewed = "subscription.renewed";
    public const string SubscriptionCanceled = "subscription.canceled";

    /// <summary>Sent by the "send test event" call, never by the ledger.</summary>
    public const string Test = "webhook.test";

    /// <summary>Operator-visible: an endpoint failed for its whole retry horizon and was disabled.</summary>
    public const string EndpointDisabled = "webhook.endpoint_disabled";

    /// <summary>The version of every payload schema below; a breaking change to one bumps it for that type.</summary>
    public const int PayloadVersion = 1;

    public static IReadOnlyList<string> Emitted { get; } =
        [BalanceLow, BalanceRecovered, Depleted, GrantExpiring, GrantExpired, HoldExpired, TopUpSettled, TopUpReversed, RefillSucceeded, RefillFailed,
            InvoiceIssued, InvoicePaid, SubscriptionStarted, SubscriptionRenewed, SubscriptionCanceled];

    public static IReadOnlyList<string> All { get; } =
    [
        BalanceLow, BalanceRecovered, Depleted, GrantExpiring, GrantExpired, HoldExpired, TopUpSettled, TopUpReversed,
        RefillSucceeded, RefillFailed, InvoiceIssued, InvoicePaid, SubscriptionStarted, SubscriptionRenewed, SubscriptionCanceled,
        Test, EndpointDisabled,
    ];

    public static bool IsKnown(string? type) => type is not null && All.Contains(type, StringComparer.Ordinal);
}
