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
    [property: Id(11)] bool Provisioned)
{
    public bool IsLive => Status != SubscriptionStatus.Canceled;
}
