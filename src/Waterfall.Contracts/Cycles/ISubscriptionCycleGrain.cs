using Orleans.Concurrency;
using Waterfall.Domain.Billing;
using Waterfall.Domain.Subscriptions;

namespace Waterfall.Contracts.Cycles;

/// <summary>
/// One subscription's billing cycle (key "tenant/customer/subscription"): a reminder at the next period
/// boundary wakes it, and it closes every period that has ended since it last ran, oldest first, once each.
/// </summary>
[Alias("wf.ISubscriptionCycleGrain")]
public interface ISubscriptionCycleGrain : IGrainWithStringKey
{
    /// <summary>Starts the cycle of a subscription just provisioned, with the grants its first period received. Starting again changes nothing.</summary>
    /// <remarks>Interleaves: a replayed subscribe may start it while it catches up (and asks the customer for the subscription).</remarks>
    [Alias("Start"), AlwaysInterleave] Task Start(Subscription subscription, LineGrant[] firstPeriod);

    /// <summary>Closes every period that has ended by now (what the reminder does), and answers the cycle after it.</summary>
    [Alias("CatchUp")] Task<CycleView> CatchUp();

    [Alias("Get"), AlwaysInterleave] Task<CycleView> Get();

    /// <summary>
    /// Progressive billing: issues an interim invoice for the running period's overage so far if the wallet's
    /// accrued overage has reached the plan's threshold; null when none is due. One at a time, so one per crossing.
    /// </summary>
    [Alias("BillProgressive")] Task<Domain.Invoices.Invoice?> BillProgressive();

    /// <summary>The wallet accrued overage (a one-way nudge: the cycle looks whether an interim invoice is due).</summary>
    [Alias("OverageAccrued"), OneWay] Task OverageAccrued();
}

/// <summary>A grant the cycle watches for rollover: it came from the plan grant <see cref="PlanGrantId"/>, and its credit has rolled <see cref="Age"/> times.</summary>
[GenerateSerializer, Immutable, Alias("wf.LineGrant")]
public sealed record LineGrant(
    [property: Id(0)] string PlanGrantId,
    [property: Id(1)] string GrantId,
    [property: Id(2)] int Age,
    [property: Id(3)] DateTimeOffset? ExpiresAt);

/// <summary>What the cycle did at one boundary: the period it closed, its invoice, and per line what rolled over and what expired.</summary>
[GenerateSerializer, Immutable, Alias("wf.BoundaryRecord")]
public sealed record BoundaryRecord(
    [property: Id(0)] PeriodSpan Closed,
    [property: Id(1)] string InvoiceId,
    [property: Id(2)] BoundaryRollover[] Rollovers,
    [property: Id(3)] string[] GrantsMade,
    [property: Id(4)] DateTimeOffset ProcessedAt);

[GenerateSerializer, Immutable, Alias("wf.BoundaryRollover")]
public sealed record BoundaryRollover(
    [property: Id(0)] string PlanGrantId,
    [property: Id(1)] string Source,
    [property: Id(2)] long Remainder,
    [property: Id(3)] long Carried,
    [property: Id(4)] string? Carry)
{
    /// <summary>What stayed breakage.</summary>
    public long Expired => Remainder - Carried;
}

/// <param name="LastClosed">The number of the last period closed (0: none yet).</param>
/// <param name="Ended">The subscription ended: its last period is closed and the cycle sleeps for good.</param>
[GenerateSerializer, Immutable, Alias("wf.CycleView")]
public sealed record CycleView(
    [property: Id(0)] bool Started,
    [property: Id(1)] int LastClosed,
    [property: Id(2)] PeriodSpan? Current,
    [property: Id(3)] LineGrant[] Lines,
    [property: Id(4)] BoundaryRecord[] Boundaries,
    [property: Id(5)] bool Ended);

public static class CycleGrains
{
    public static ISubscriptionCycleGrain SubscriptionCycle(this IGrainFactory grains, string tenantId, string customerId, string subscriptionId) =>
        grains.GetGrain<ISubscriptionCycleGrain>($"{tenantId}/{customerId}/{subscriptionId}");
}
