using Waterfall.Domain.Billing;
using Waterfall.Domain.Plans;

namespace Waterfall.Cycles.Tests;

/// <summary>The plans the cycle tests bill, written as a tenant would configure them.</summary>
internal static class CyclePlans
{
    public const long Usd = 1_000_000_000;

    /// <summary>
    /// The plan: HYBRID (USD 100 overage a period), LLM cost priced in graduated tiers — the first
    /// USD 10 at 1.20 per dollar, the rest at 1.00 — and 100,000 bonus tokens a month, of which at most
    /// 50,000 roll over into the next month.
    /// </summary>
    public static PlanTerms HybridTiered(BillingPeriod? period = null) => new(
        "Hybrid tiered", BillingMode.Hybrid, 100 * Usd, period ?? BillingPeriod.MonthlyUtc,
        [new PlanCharge(Metrics.LlmCost, new PricingSpec(PricingKind.Tiered, Tiers: [new TierSpec(10m, 1.20m), new TierSpec(null, 1.00m)]))],
        [new PlanGrant("monthly", GrantTiming.EveryPeriod, "bonus", "tokens", 100_000, null, PlanScope.Any,
            new GrantExpiry(GrantExpiryKind.EndOfPeriod), new RolloverRule(RolloverKind.Capped, 50_000))],
        WalletDefaults.None, []);
}
