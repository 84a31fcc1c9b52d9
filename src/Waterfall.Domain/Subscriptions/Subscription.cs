namespace Waterfall.Domain.Subscriptions;

[GenerateSerializer, Alias("wf.SubscriptionStatus")]
public enum SubscriptionStatus
{
    Active = 0,
    /// <summary>Canceled at period end: active until <see cref="Subscription.EndsAt"/>.</summary>
    CancelsAtPeriodEnd = 1,
    Canceled = 2,
}

/// <summary>A plan change waiting for the next period to start.</summary>
[GenerateSerializer, Immutable, Alias("wf.PlanChange")]
public sealed record PlanChange([property: Id(0)] string PlanId, [property: Id(1)] int Version, [property: Id(2)] DateTimeOffset EffectiveAt);

/// <summary>
/// A customer's subscription to one published plan version (pinned: a later version does not change
/// it), paid from one wallet. <see cref="Provisioned"/> turns true once the wallet exists and holds the
/// plan's initial grants; until then a replay of the subscribe finishes the provisioning.
/// <see cref="Period"/> is the number of the period <see cref="PeriodStart"/>..<see cref="PeriodEnd"/> (1 from the start);
/// the billing cycle moves all three at each boundary (<see cref="Renew"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("wf.Subscription")]
public sealed record Subscription(
    [property: Id(0)] string Id,
    [property: Id(1)] string PlanId,
    [property: Id(2)] int PlanVersion,
    [property: Id(3)] string WalletId,
    [property: Id(4)] SubscriptionStatus Status,
    [property: Id(5)] DateTimeOffset StartedAt,
    [property: Id(6)] DateTimeOffset PeriodStart,
    [property: Id(7)] DateTimeOffset PeriodEnd,
    [property: Id(8)] PlanChange? PendingChange,
    [property: Id(9)] DateTimeOffset? EndsAt,
    [property: Id(10)] string IdempotencyKey,
    [property: Id(11)] bool Provisioned,
    [property: Id(12)] int Period = 1)
{
    public bool IsLive => Status != SubscriptionStatus.Canceled;

    /// <summary>
    /// The subscription once the boundary between <paramref name="closed"/> and <paramref name="next"/> has
    /// passed. A cancel at period end due by then takes effect (canceled, ending at the boundary, no further
    /// period); otherwise the next period opens, and a pending plan change due by its start is applied (the
    /// new version pinned from then on). A subscription already past the boundary, or canceled, is answered
    /// as it is, so a boundary run again changes nothing.
    /// </summary>
    public Subscription Renew(Billing.PeriodSpan closed, Billing.PeriodSpan next)
    {
        if (Period > closed.Number || Status == SubscriptionStatus.Canceled) return this;
        if (Status == SubscriptionStatus.CancelsAtPeriodEnd && EndsAt is { } endsAt && endsAt <= closed.End)
            return this with { Status = SubscriptionStatus.Canceled, EndsAt = closed.End, PeriodStart = closed.Start, PeriodEnd = closed.End, Period = closed.Number };
        var renewed = this with { PeriodStart = next.Start, PeriodEnd = next.End, Period = next.Number };
        return PendingChange is { } change && change.EffectiveAt <= next.Start
            ? renewed with { PlanId = change.PlanId, PlanVersion = change.Version, PendingChange = null }
            : renewed;
    }
}
