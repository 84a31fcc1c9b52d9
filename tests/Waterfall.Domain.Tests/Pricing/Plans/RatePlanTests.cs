using Waterfall.Domain.Billing;
using Waterfall.Domain.Pricing.Plans;
using Xunit;

namespace Waterfall.Domain.Tests.Pricing.Plans;

public class RatePlanTests
{
    private static Dictionary<string, PricingModel> Prices() => new()
    {
        ["llm.cost"] = new PercentageMarkupPricing(20m),
        ["tokens"] = new TieredPricing([new(1000, 0.01m), new(5000, 0.008m), new(null, 0.005m)]),
        ["seats"] = new FlatPricing(49m),
    };

    private static RatePlan Plan() => new("pro", 3, BillingMode.Hybrid, Prices());

    [Fact]
    public void A_plan_prices_each_metric_with_its_own_model()
    {
        var plan = Plan();

        Assert.Equal(15.00m, plan.Price("llm.cost", 12.50m)); // 12.50 × 1.2
        Assert.Equal(52m, plan.Price("tokens", 7000m)); // 10 + 32 + 10
        Assert.Equal(49m, plan.Price("seats", 0m));
        Assert.Equal(BillingMode.Hybrid, plan.BillingMode);
        Assert.Equal(3, plan.Version);
    }

    [Fact]
    public void A_plan_refuses_a_metric_it_does_not_price()
    {
        var plan = Plan();

        var error = Assert.Throws<ArgumentException>(() => plan.Price("images", 1m));
        Assert.Contains("images", error.Message);
        Assert.False(plan.TryPrice("images", 1m, out _));
        // Metric names are exact.
        Assert.False(plan.TryPrice("Tokens", 1m, out _));
        Assert.True(plan.TryPrice("tokens", 500m, out var price));
        Assert.Equal(5m, price); // 500 × 0.01
    }

    [Fact]
    public void A_published_plan_does_not_change_when_the_dictionary_it_was_built_from_does()
    {
        var prices = Prices();
        var plan = new RatePlan("pro", 1, BillingMode.Prepaid, prices);
        prices["seats"] = new FlatPricing(99m);
        prices["images"] = new PerUnitPricing(0.04m);

        Assert.Equal(49m, plan.Price("seats", 1m));
        Assert.False(plan.TryPrice("images", 1m, out _));
    }

    [Fact]
    public void Two_plans_with_the_same_content_are_equal()
    {
        Assert.Equal(Plan(), Plan());
        Assert.NotEqual(Plan(), new RatePlan("pro", 4, BillingMode.Hybrid, Prices()));
        var cheaperSeats = Prices();
        cheaperSeats["seats"] = new FlatPricing(39m);
        Assert.NotEqual(Plan(), new RatePlan("pro", 3, BillingMode.Hybrid, cheaperSeats));
    }

    [Fact]
    public void A_plan_with_a_bad_id_version_mode_or_metric_is_refused_field_by_field()
    {
        var bad = new Dictionary<string, PricingModel> { ["has space"] = new FlatPricing(1m) };
        var error = Assert.Throws<InvalidPricingException>(() => new RatePlan("", 0, (BillingMode)9, bad));

        Assert.Equal(["id", "version", "billing_mode", "prices_by_metric"], error.Violations.Select(v => v.Field));
    }
}
