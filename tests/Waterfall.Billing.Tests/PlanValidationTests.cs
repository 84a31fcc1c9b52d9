using Waterfall.Domain.Billing;
using Waterfall.Domain.Plans;
using static Waterfall.Billing.Tests.SamplePlans;

namespace Waterfall.Billing.Tests;

public class PlanValidationTests
{
    private static readonly TierSpec[] Overlapping = [new(1_000, 0.01m), new(800, 0.008m), new(null, 0.005m)];

    public static TheoryData<string, PlanTerms, string> Contradictions => new()
    {
        { "a PREPAID plan with an overage limit", Starter() with { OverageLimit = 5 * Usd }, "overage_limit" },
        { "a HYBRID plan without one", Starter() with { BillingMode = BillingMode.Hybrid }, "overage_limit" },
        { "overlapping tiers", Starter() with { Charges = [new(Metrics.Requests, new PricingSpec(PricingKind.Tiered, Tiers: Overlapping))] }, "charges[0].pricing.tiers[1].up_to" },
        { "a negative price", Starter() with { Charges = [new(Metrics.Requests, new PricingSpec(PricingKind.PerUnit, UnitPrice: -1))] }, "charges[0].pricing.unit_price" },
        { "an unknown metric", Starter() with { Charges = [new("gpu_hours", new PricingSpec(PricingKind.PerUnit, UnitPrice: 1))] }, "charges[0].metric" },
        { "a percentage of requests", Starter() with { Charges = [new(Metrics.Requests, new PricingSpec(PricingKind.Percentage, Percent: 10))] }, "charges[0].pricing.kind" },
        { "an unknown model in a grant's scope", Starter() with { Grants = [Starter().Grants[0] with { Scope = new PlanScope([], ["gpt-nine"], []) }] }, "grants[0].scope.models" },
        { "a one-off grant that rolls over", Starter() with { Grants = [Starter().Grants[0] with { Rollover = new RolloverRule(RolloverKind.All) }] }, "grants[0].rollover" },
        { "an unknown unit", Starter() with { Grants = [Starter().Grants[0] with { Unit = "credits" }] }, "grants[0].unit" },
        { "an unknown time zone", Starter() with { Period = BillingPeriod.MonthlyUtc with { TimeZone = "Mars/Olympus" } }, "period.time_zone" },
    };

    [Theory]
    [MemberData(nameof(Contradictions))]
    public void A_contradictory_plan_is_refused_with_the_field_at_fault(string why, PlanTerms terms, string field)
    {
        var violations = PlanValidation.Check(terms, model => model == "gpt-4o");

        Assert.True(violations.Any(v => v.Field == field), $"{why}: expected a violation of {field}, got {string.Join("; ", violations)}");
    }

    [Fact]
    public void The_issues_plan_is_valid()
    {
        Assert.Empty(PlanValidation.Check(Starter(), _ => false));
    }

    [Fact]
    public void A_custom_metric_the_plan_declares_can_be_priced()
    {
        var terms = Starter() with { Charges = [new("gpu_hours", new PricingSpec(PricingKind.PerUnit, UnitPrice: 1))], CustomMetrics = ["gpu_hours"] };

        Assert.Empty(PlanValidation.Check(terms, _ => false));
    }
}
