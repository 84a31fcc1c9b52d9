using Waterfall.Contracts.Cycles;
using Waterfall.Domain.Wallets;

namespace Waterfall.Grains.Tests;

/// <summary>
/// A wallet a subscription bills, as a customer's Subscribe leaves it (its <c>subscription.started</c> entry): an
/// invoice-funded refill rule needs one (REFILL_NOT_BILLABLE otherwise). Linked into the front door's tests too.
/// </summary>
internal static class SubscribedWallets
{
    public static async Task StartSubscription(this IGrainFactory grains, string tenantId, string walletId, string subscriptionId = "sub-1")
    {
        var recorded = await grains.WalletCycles(tenantId, walletId)
            .RecordSubscriptionChange($"{subscriptionId}:started", subscriptionId, "plan-1", 1, SubscriptionChange.Started, null);
        if (recorded.Refusal is { } refused) throw new InvalidOperationException($"The wallet could not record its subscription: {refused}");
    }
}
