using Waterfall.Domain.Billing;
using Waterfall.Domain.Plans;

namespace Waterfall.Billing.Tests;

/// <summary>Each of the six pricing models, as a plan's charge, against prices worked out by hand.</summary>
public class PlanPricingTests
{
    private static readonly TierSpec[] Bands = [new(1_000, 0.01m), new(5_000, 0.008m), new(null, 0.005m)];

    private static readonly PlanVersion Version = new(1, new PlanTerms(
        "Every model", BillingMode.Postpaid, 0, BillingPeriod.MonthlyUtc,
        [
            new PlanCharge(Metrics.Requests, new PricingSpec(PricingKind.PerUnit, UnitPrice: 0.002m)),
            new PlanCharge("platform", new PricingSpec(PricingKind.Flat, Fee: 49m)),
            new PlanCharge(Metrics.InputTokens, new PricingSpec(PricingKind.Tiered, Tiers: Bands)),
            new PlanCharge(Metrics.OutputTokens, new PricingSpec(PricingKind.Volume, Tiers: Bands)),
            new PlanCharge(Metrics.Sessions, new PricingSpec(PricingKind.Package, PackageSize: 1_000, PackagePrice: 5m, IncludedQuantity: 500)),
            new PlanCharge(Metrics.LlmCost, new PricingSpec(PricingKind.Percentage, Percent: 20m)),
        ],
        [], WalletDefaults.None, ["platform"]), DateTimeOffset.UnixEpoch);

    [Theory]
    // per unit: quantity × 0.002
    [InlineData("requests", "0", "0")]
    [InlineData("requests", "1500", "3.000")]
    // flat: the fee whatever the quantity
    [InlineData("platform", "0", "49")]
    [InlineData("platform", "1000000", "49")]
    // graduated: 1,000 × 0.01, then 4,000 × 0.008, then × 0.005
    [InlineData("input_tokens", "1000", "10")]
    [InlineData("input_tokens", "1001", "10.008")]
    [InlineData("input_tokens", "5000", "42")]
    [InlineData("input_tokens", "7000", "52")]
    // volume: the band of the total prices every unit
    [InlineData("output_tokens", "1000", "10")]
    [InlineData("output_tokens", "1001", "8.008")]
    [InlineData("output_tokens", "5000", "40")]
    [InlineData("output_tokens", "5001", "25.005")]
    // package: 500 included, then blocks of 1,000 at 5, a started block counting whole
    [InlineData("sessions", "500", "0")]
    [InlineData("sessions", "501", "5")]
    [InlineData("sessions", "1500", "5")]
    [InlineData("sessions", "1501", "10")]
    [InlineData("sessions", "2501", "15")]
    // percentage: 20% on the rated cost
    [InlineData("llm_cost", "12.50", "15.00")]
    [InlineData("llm_cost", "0.000000001", "0.0000000012")]
    public void A_plan_prices_a_quantity_of_each_metric_exactly(string metric, string quantity, string expected)
    {
        var plan = Version.ToRatePlan("every-model");

        var price = plan.Price(metric, decimal.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Empty(PlanValidation.Check(Version.Terms, _ => true));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), price);
    }
}
