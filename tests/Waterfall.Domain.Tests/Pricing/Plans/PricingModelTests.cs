using Waterfall.Domain.Pricing.Plans;
using Xunit;

namespace Waterfall.Domain.Tests.Pricing.Plans;

/// <summary>Each of the six pricing models on examples worked out by hand.</summary>
public class PricingModelTests
{
    // ≤1,000 at 0.01; 1,000 < q ≤ 5,000 at 0.008; beyond at 0.005.
    private static readonly PriceTier[] ThreeTiers = [new(1000, 0.01m), new(5000, 0.008m), new(null, 0.005m)];

    [Theory]
    [InlineData("0", "0")]
    [InlineData("1", "0.002")]
    [InlineData("1234.5", "2.469")] // 1234.5 × 0.002
    [InlineData("1000000", "2000")]
    public void Per_unit_pricing_multiplies_quantity_by_unit_price(string quantity, string expected)
    {
        Assert.Equal(decimal.Parse(expected), new PerUnitPricing(0.002m).Price(decimal.Parse(quantity)));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("1000000")]
    public void Flat_pricing_charges_the_fee_whatever_the_quantity(string quantity)
    {
        Assert.Equal(49m, new FlatPricing(49m).Price(decimal.Parse(quantity)));
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("500", "5")] // 500 × 0.01
    [InlineData("1000", "10")] // 1000 × 0.01: the bound is inclusive
    [InlineData("1001", "10.008")] // 10 + 1 × 0.008
    [InlineData("1000.5", "10.004")] // 10 + 0.5 × 0.008
    [InlineData("5000", "42")] // 10 + 4000 × 0.008
    [InlineData("7000", "52")] // 10 + 32 + 2000 × 0.005
    public void Tiered_pricing_prices_each_unit_at_the_rate_of_its_own_tier(string quantity, string expected)
    {
        Assert.Equal(decimal.Parse(expected), new TieredPricing(ThreeTiers).Price(decimal.Parse(quantity)));
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("1", "20")] // entered tier 1: its fee 20, units free
    [InlineData("1000", "20")]
    [InlineData("1500", "30")] // 20 + 500 × 0.01 + 5
    public void Tiered_pricing_adds_a_tiers_flat_fee_once_the_quantity_enters_it(string quantity, string expected)
    {
        var tiers = new TieredPricing([new(1000, 0m, FlatFee: 20m), new(null, 0.01m, FlatFee: 5m)]);
        Assert.Equal(decimal.Parse(expected), tiers.Price(decimal.Parse(quantity)));
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("500", "5")] // 500 × 0.01
    [InlineData("1000", "10")] // 1000 × 0.01: the bound is inclusive
    [InlineData("1001", "8.008")] // 1001 × 0.008: every unit drops to the second rate
    [InlineData("5000", "40")] // 5000 × 0.008
    [InlineData("7000", "35")] // 7000 × 0.005
    public void Volume_pricing_prices_every_unit_at_the_rate_of_the_tier_the_total_reaches(string quantity, string expected)
    {
        Assert.Equal(decimal.Parse(expected), new VolumePricing(ThreeTiers).Price(decimal.Parse(quantity)));
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("1000", "20")] // 1000 × 0.01 + 10
    [InlineData("2000", "60")] // 2000 × 0.005 + 50
    public void Volume_pricing_adds_only_the_reached_tiers_flat_fee(string quantity, string expected)
    {
        var tiers = new VolumePricing([new(1000, 0.01m, FlatFee: 10m), new(null, 0.005m, FlatFee: 50m)]);
        Assert.Equal(decimal.Parse(expected), tiers.Price(decimal.Parse(quantity)));
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("500", "0")] // all included
    [InlineData("501", "5")] // 1 billable → 1 package
    [InlineData("1500", "5")] // 1000 billable → 1 package
    [InlineData("1501", "10")] // 1001 billable → 2 packages
    [InlineData("2500", "10")] // 2000 billable → 2 packages
    [InlineData("2500.001", "15")] // a sliver over → 3 packages
    public void Package_pricing_gives_the_included_quantity_free_and_rounds_blocks_up(string quantity, string expected)
    {
        Assert.Equal(decimal.Parse(expected), new PackagePricing(1000m, 5m, 500m).Price(decimal.Parse(quantity)));
    }

    [Fact]
    public void Package_pricing_counts_fractional_package_sizes_exactly()
    {
        // Size 0.3, price 1: 0.9 → 3 packages exactly (0.9 / 0.3 = 3); 0.9000000000000000000000000001 → 4.
        var package = new PackagePricing(0.3m, 1m);
        Assert.Equal(3m, package.Price(0.9m));
        Assert.Equal(4m, package.Price(0.9000000000000000000000000001m));
        Assert.Equal(4m, package.PackagesFor(1m)); // 1 / 0.3 = 3.33… → 4
    }

    [Fact]
    public void Package_pricing_starts_a_package_for_a_sliver_too_small_for_decimal_division_to_see()
    {
        // 7e20 + 1e-8 units in packages of 0.7: 1e21 packages cover 7e20, the 1e-8 left starts one more.
        // 7e20 / 0.7 + 1e-8 / 0.7 = 1e21 + 1.43e-8, which decimal's 29 digits would round to 1e21.
        var package = new PackagePricing(0.7m, 1m);
        Assert.Equal(1_000_000_000_000_000_000_001m, package.PackagesFor(700_000_000_000_000_000_000.00000001m));
    }

    [Theory]
    [InlineData("20", "12.50", "15.00")] // 12.50 × 1.2
    [InlineData("0.5", "200", "201")] // 200 × 1.005
    [InlineData("0", "7.5", "7.5")]
    [InlineData("-100", "7.5", "0")]
    [InlineData("-25", "80", "60")] // a discount: 80 × 0.75
    public void Percentage_markup_pricing_adds_the_percentage_to_the_underlying_cost(string percent, string cost, string expected)
    {
        Assert.Equal(decimal.Parse(expected), new PercentageMarkupPricing(decimal.Parse(percent)).Price(decimal.Parse(cost)));
    }

    [Fact]
    public void Every_model_refuses_a_negative_quantity()
    {
        PricingModel[] models =
        [
            new PerUnitPricing(1m), new FlatPricing(1m), new TieredPricing(ThreeTiers), new VolumePricing(ThreeTiers),
            new PackagePricing(10m, 1m), new PercentageMarkupPricing(10m),
        ];
        Assert.All(models, m => Assert.Throws<ArgumentOutOfRangeException>(() => m.Price(-0.000001m)));
    }

    [Fact]
    public void Negative_prices_are_refused_field_by_field()
    {
        Assert.Equal("unit_price", Assert.Single(Assert.Throws<InvalidPricingException>(() => new PerUnitPricing(-1m)).Violations).Field);
        Assert.Equal("fee", Assert.Single(Assert.Throws<InvalidPricingException>(() => new FlatPricing(-0.01m)).Violations).Field);
        Assert.Equal("percent", Assert.Single(Assert.Throws<InvalidPricingException>(() => new PercentageMarkupPricing(-100.5m)).Violations).Field);
        Assert.Equal(
            ["package_size", "package_price", "included_quantity"],
            Assert.Throws<InvalidPricingException>(() => new PackagePricing(0m, -1m, -1m)).Violations.Select(v => v.Field));
    }

    [Fact]
    public void Tier_lists_must_rise_strictly_and_end_unbounded()
    {
        static IEnumerable<string> Fields(PriceTier[] tiers) =>
            Assert.Throws<InvalidPricingException>(() => new TieredPricing(tiers)).Violations.Select(v => v.Field);

        Assert.Equal(["tiers"], Fields([]));
        Assert.Equal(["tiers[0].up_to"], Fields([new(100, 1m)])); // last tier bounded
        Assert.Equal(["tiers[0].up_to"], Fields([new(null, 1m), new(null, 2m)])); // unbounded before the last
        Assert.Equal(["tiers[1].up_to"], Fields([new(100, 1m), new(100, 2m), new(null, 3m)])); // not rising
        Assert.Equal(["tiers[0].up_to"], Fields([new(0, 1m), new(null, 3m)])); // first bound must be positive
        Assert.Equal(["tiers[0].unit_price", "tiers[1].flat_fee"], Fields([new(10, -1m), new(null, 1m, -1m)]));

        // Volume pricing applies the same rules.
        Assert.Throws<InvalidPricingException>(() => new VolumePricing([new(100, 1m)]));
    }

    [Fact]
    public void An_invalid_model_becomes_an_INVALID_ARGUMENT_refusal_with_its_fields()
    {
        var refusal = Assert.Throws<InvalidPricingException>(() => new PackagePricing(-1m, 1m)).ToRefusal();
        Assert.Equal(Reasons.InvalidArgument, refusal.Reason);
        Assert.Equal("package_size", Assert.Single(refusal.Violations).Field);
    }

    [Fact]
    public void Tiered_and_volume_models_with_the_same_tiers_are_equal_and_keep_their_own_copy()
    {
        var tiers = new List<PriceTier> { new(1000, 0.01m), new(null, 0.005m) };
        var a = new TieredPricing(tiers);
        tiers[0] = new(1000, 0.02m);

        Assert.Equal(0.01m, a.Tiers[0].UnitPrice);
        Assert.Equal(new TieredPricing([new(1000, 0.01m), new(null, 0.005m)]), a);
        Assert.NotEqual(new TieredPricing(tiers), a);
        Assert.NotEqual<PricingModel>(new VolumePricing(a.Tiers), a);
    }
}
