namespace Waterfall.Domain.Refills;

/// <summary>
/// Who bills a refill funded by invoice (docs/refill.md): the subscription that bills its wallet, on the
/// invoice of the period the refill was made in. A wallet no subscription bills any more must not go on
/// refilling on account: when the subscription ends, its wallet's invoice-funded rule is disabled, saying why.
/// </summary>
public static class InvoiceRefills
{
    /// <summary>True when <paramref name="state"/> would go on refilling on account once nobody bills it.</summary>
    public static bool StopWhenBillingEnds(RefillState state) => state is { Enabled: true, Rule.Funding: RefillFunding.Invoice };

    /// <summary>The key of the stop, once per subscription and the boundary it ended at: a repeated boundary stops it once.</summary>
    public static string StopKey(string subscriptionId, int period) => $"{subscriptionId}:p{period}:refills-stopped";

    public static string StopReason(string subscriptionId) =>
        $"Subscription '{subscriptionId}' ended: no invoice bills this wallet's refills any more. Set a rule again once a subscription bills the wallet.";
}
