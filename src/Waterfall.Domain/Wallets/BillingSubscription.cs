namespace Waterfall.Domain.Wallets;

/// <summary>
/// A subscription that bills the wallet, folded from its <see cref="SubscriptionChanged"/> entries: what an
/// invoice-funded refill needs, since only a subscription's invoice carries it (docs/refill.md).
/// </summary>
/// <param name="EndsAt">When it stops billing (a cancel now, or at the end of its period); null while it runs on.</param>
public sealed record BillingSubscription(string SubscriptionId, DateTimeOffset? EndsAt)
{
    /// <summary>A subscription canceled at period end still bills the period it is in, up to its end.</summary>
    public bool BillsAt(DateTimeOffset now) => EndsAt is not { } ends || now < ends;
}
