using Waterfall.Contracts;
using Waterfall.Domain.Billing;
using Waterfall.Domain.Refills;
using Waterfall.Domain.Subscriptions;

namespace Waterfall.Grains.Cycles;

/// <summary>Invoice-funded refills end with the subscription that bills them (docs/refill.md).</summary>
public sealed partial class SubscriptionCycleGrain
{
    /// <summary>The subscription ended at <paramref name="span"/>'s end: its wallet stops refilling on account, since no later invoice would bill it.</summary>
    private async Task StopInvoiceRefills(Subscription subscription, PeriodSpan span)
    {
        var wallet = (await GrainFactory.Wallet(_tenantId, subscription.WalletId).Get()).Receipt;
        if (wallet?.Refill is not { } refill || !InvoiceRefills.StopWhenBillingEnds(refill)) return;
        var stopped = await GrainFactory.WalletRefills(_tenantId, subscription.WalletId)
            .DisableRefillRule(InvoiceRefills.StopKey(subscription.Id, span.Number), InvoiceRefills.StopReason(subscription.Id));
        if (stopped.Refusal is { } refused) throw Failed("stop the wallet's invoice refills", refused);
    }
}
