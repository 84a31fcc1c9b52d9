using CsCheck;
using Waterfall.Domain.Pricing.Plans;
using Xunit;

namespace Waterfall.Domain.Tests.Pricing.Plans;

public class PricingModelPropertyTests
{
    // Prices with up to 4 decimals, quantities with up to 2.
    private static readonly Gen<decimal> Rate = Gen.Int[0, 100_000].Select(i => i / 10_000m);
    private static readonly Gen<decimal> Fee = Gen.Int[0, 10_000].Select(i => i / 100m);
    private static readonly Gen<decimal> Quantity = Gen.Int[0, 10_000_000].Select(i => i / 100m);

    /// <summary>1-5 tiers with whole-number bounds rising by 1-1000, the last unbounded.</summary>
    private static readonly Gen<PriceTier[]> Tiers =
        from steps in Gen.Int[1, 1000].Array[0, 4]
        from rates in Rate.Array[steps.Length + 1]
        from fees in Fee.Array[steps.Length + 1]
        select Build(steps, rates, fees);

    private static PriceTier[] Build(int[] steps, decimal[] rates, decimal[] fees)
    {
        var tiers = new PriceTier[steps.Length + 1];
        decimal bound = 0;
        for (var i = 0; i < steps.Length; i++)
        {
            bound += steps[i];
            tiers[i] = new PriceTier(bound, rates[i], fees[i]);
        }
        tiers[^1] = new PriceTier(null, rates[^1], fees[^1]);
        return tiers;
    }

    [Fact]
    public void Tiered_price_never_decreases_as_quantity_grows()
    {
        Gen.Select(Tiers, Quantity, Quantity).Sample((tiers, a, b) =>
        {
            var pricing = new TieredPricing(tiers);
            return pricing.Price(Math.Min(a, b)) <= pricing.Price(Math.Max(a, b));
        });
    }

    [Fact]
    public void Tiered_price_equals_pricing_whole_units_one_at_a_time()
    {
        // Oracle: unit u (1-based) pays the rate of the first tier with u ≤ UpTo; every tier whose
        // lower bound the quantity passes adds its fee.
        Gen.Select(Tiers, Gen.Int[0, 5000]).Sample((tiers, quantity) =>
        {
            decimal expected = 0;
            for (var unit = 1; unit <= quantity; unit++)
                expected += tiers.First(t => t.UpTo is null || unit <= t.UpTo).UnitPrice;
            decimal lower = 0;
            foreach (var tier in tiers)
            {
                if (quantity > lower) expected += tier.FlatFee;
                lower = tier.UpTo ?? decimal.MaxValue;
            }
            return new TieredPricing(tiers).Price(quantity) == expected;
        });
    }

    [Fact]
    public void Volume_price_is_the_whole_quantity_at_the_reached_tiers_rate_plus_its_fee()
    {
        Gen.Select(Tiers, Quantity).Sample((tiers, quantity) =>
        {
            var reached = tiers.First(t => t.UpTo is null || quantity <= t.UpTo);
            var expected = quantity == 0 ? 0 : quantity * reached.UnitPrice + reached.FlatFee;
            return new VolumePricing(tiers).Price(quantity) == expected;
        });
    }

    [Fact]
    public void Volume_and_tiered_agree_when_there_is_a_single_tier()
    {
        Gen.Select(Rate, Fee, Quantity).Sample((rate, fee, quantity) =>
        {
            PriceTier[] one = [new(null, rate, fee)];
            return new TieredPricing(one).Price(quantity) == new VolumePricing(one).Price(quantity);
        });
    }

    [Fact]
    public void Volume_never_charges_more_than_tiered_when_rates_fall_and_there_are_no_fees()
    {
        // With falling rates, volume gives every unit the lowest rate reached; tiered gives the
        // early units the higher ones.
        Gen.Select(Gen.Int[1, 1000].Array[0, 4], Quantity).Select(Rate.Array[5], (t, rates) => (t.Item1, t.Item2, rates))
            .Sample((steps, quantity, rates) =>
            {
                var falling = rates.Take(steps.Length + 1).OrderDescending().ToArray();
                var tiers = Build(steps, falling, new decimal[steps.Length + 1]);
                return new VolumePricing(tiers).Price(quantity) <= new TieredPricing(tiers).Price(quantity);
            });
    }

    [Fact]
    public void Package_price_is_a_whole_number_of_packages_just_covering_the_billable_quantity()
    {
        var size = Gen.Int[1, 100_000].Select(i => i / 100m);
        Gen.Select(size, Fee.Where(f => f > 0), Quantity, Quantity).Sample((packageSize, packagePrice, included, quantity) =>
        {
            var pricing = new PackagePricing(packageSize, packagePrice, included);
            var price = pricing.Price(quantity);
            var packages = price / packagePrice;
            var billable = Math.Max(0, quantity - included);
            return packages == decimal.Truncate(packages) &&
                   packages * packageSize >= billable &&
                   (packages == 0 || (packages - 1) * packageSize < billable);
        });
    }

    [Fact]
    public void Per_unit_price_is_linear()
    {
        Gen.Select(Rate, Quantity, Quantity, Gen.Int[0, 100]).Sample((rate, a, b, k) =>
        {
            var pricing = new PerUnitPricing(rate);
            return pricing.Price(a + b) == pricing.Price(a) + pricing.Price(b) &&
                   pricing.Price(k * a) == k * pricing.Price(a);
        });
    }

    [Fact]
    public void Percentage_markup_adds_exactly_the_percentage_of_the_cost()
    {
        Gen.Select(Gen.Int[-10_000, 100_000].Select(i => i / 100m), Quantity).Sample((percent, cost) =>
        {
            var price = new PercentageMarkupPricing(percent).Price(cost);
            return price - cost == cost * percent / 100 && price >= 0;
        });
    }

    [Fact]
    public void Flat_price_does_not_depend_on_quantity()
    {
        Gen.Select(Fee, Quantity, Quantity).Sample((fee, a, b) =>
            new FlatPricing(fee).Price(a) == new FlatPricing(fee).Price(b));
    }
}
