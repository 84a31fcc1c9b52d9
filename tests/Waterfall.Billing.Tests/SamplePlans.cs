using Waterfall.Domain.Billing;
using Waterfall.Domain.Plans;

namespace Waterfall.Billing.Tests;

/// <summary>The plans the tests subscribe to, written as a tenant would configure them.</summary>
internal static class SamplePlans
{
    public const long Usd = 1_000_000_000;

    /// <summary>The plan: USD 20 purchased and 10,000 promotional tokens for 14 days on subscribe, 100,000 bonus tokens a month.</summary>
    public static PlanTerms Starter(string name = "Starter") => new(
        name, BillingMode.Prepaid, 0, BillingPeriod.MonthlyUtc,
        [new PlanCharge(Metrics.Requests, new PricingSpec(PricingKind.PerUnit, UnitPrice: 0.001m))],
        [
            new PlanGrant("cash", GrantTiming.OnSubscribe, "purchased", "usd", 20 * Usd, null, PlanScope.Any, GrantExpiry.Never, RolloverRule.None),
            new PlanGrant("welcome", GrantTiming.OnSubscribe, "promotional", "tokens", 10_000, null, PlanScope.Any, new GrantExpiry(GrantExpiryKind.AfterDays, 14), RolloverRule.None),
            new PlanGrant("monthly", GrantTiming.EveryPeriod, "bonus", "tokens", 100_000, null, PlanScope.Any, new GrantExpiry(GrantExpiryKind.EndOfPeriod), new RolloverRule(RolloverKind.Capped, 50_000, 1)),
        ],
        WalletDefaults.None, []);

    public static PlanTerms WithCash(long usd, string name = "Cash") => new(
        name, BillingMode.Prepaid, 0, BillingPeriod.MonthlyUtc, [],
        [new PlanGrant("cash", GrantTiming.OnSubscribe, "purchased", "usd", usd * Usd, null, PlanScope.Any, GrantExpiry.Never, RolloverRule.None)],
        WalletDefaults.None, []);
}
