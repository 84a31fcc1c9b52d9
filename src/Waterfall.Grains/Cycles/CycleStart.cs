using Waterfall.Contracts.Cycles;
using Waterfall.Domain.Plans;
using Waterfall.Domain.Subscriptions;

namespace Waterfall.Grains.Cycles;

/// <summary>Hands a freshly provisioned subscription to its billing cycle, with the per-period grants its first period received.</summary>
internal static class CycleStart
{
    /// <param name="initial">The grants provisioned, in the plan's order (<see cref="SubscriptionProvisioning.Initial"/>).</param>
    /// <param name="made">The wallet's grant ids for them, in the same order.</param>
    public static Task Start(IGrainFactory grains, string tenantId, string customerId, Subscription subscription, PlanVersion version,
        IReadOnlyList<ProvisionedGrant> initial, IReadOnlyList<string> made)
    {
        var lines = version.Terms.Grants
            .Select((grant, i) => (grant, i))
            .Where(g => g.grant.Timing == GrantTiming.EveryPeriod && g.i < made.Count)
            .Select(g => new LineGrant(g.grant.Id, made[g.i], 0, initial[g.i].Terms.ExpiresAt))
            .ToArray();
        return grains.SubscriptionCycle(tenantId, customerId, subscription.Id).Start(subscription, lines);
    }
}
