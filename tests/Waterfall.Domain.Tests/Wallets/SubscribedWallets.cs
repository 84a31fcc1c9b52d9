using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Tests.Wallets;

/// <summary>
/// A wallet a subscription bills, as its customer's Subscribe leaves it: an invoice-funded refill rule needs one
/// (REFILL_NOT_BILLABLE otherwise). Shared with the ledger tests, which link this file.
/// </summary>
internal static class SubscribedWallets
{
    public const string SubscriptionId = "sub-1";

    public static Outcome<SubscriptionChangeReceipt> StartSubscription(this Wallet wallet, DateTimeOffset at, string subscriptionId = SubscriptionId) =>
        wallet.RecordSubscriptionChange(
            new RecordSubscriptionChange($"{subscriptionId}:started", subscriptionId, "plan-1", 1, SubscriptionChange.Started, null), at);

    /// <summary>Canceled to end at <paramref name="endsAt"/> (now, or the end of its period).</summary>
    public static Outcome<SubscriptionChangeReceipt> CancelSubscription(this Wallet wallet, DateTimeOffset at, DateTimeOffset endsAt, string subscriptionId = SubscriptionId) =>
        wallet.RecordSubscriptionChange(
            new RecordSubscriptionChange($"{subscriptionId}:canceled", subscriptionId, "plan-1", 1, SubscriptionChange.Canceled, endsAt), at);
}
