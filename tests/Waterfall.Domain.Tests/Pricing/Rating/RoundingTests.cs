using Waterfall.Domain.Money;
using Waterfall.Domain.Pricing.Catalog;
using Waterfall.Domain.Pricing.Rating;
using Xunit;
using static Waterfall.Domain.Tests.Pricing.Rating.RatingAssert;

namespace Waterfall.Domain.Tests.Pricing.Rating;

public class RoundingTests
{
    [Fact]
    public void The_exact_cost_keeps_fractions_of_a_nano_dollar()
    {
        // deepseek-v4-pro cache read 3.625e-09: one token costs 0.000000003625 USD = 3.625 nanos,
        // charged as 4.
        var rated = Rated(Default.Rate(new LlmUsage("deepseek-v4-pro", CacheReadTokens: 1)));

        Assert.Equal(0.000000003625m, rated.ExactCost);
        Assert.Equal(4, rated.CostNanos);
    }

    [Fact]
    public void A_half_nano_rounds_away_from_zero_not_to_even()
    {
        // gemini/gemini-2.0-flash-lite cache read 1.875e-08: 6 × 0.00000001875 = 0.0000001125 = 112.5 nanos.
        // Away from zero: 113 (banker's rounding would give 112).
        var rated = Rated(Default.Rate(new LlmUsage("gemini/gemini-2.0-flash-lite", CacheReadTokens: 6)));

        Assert.Equal(0.0000001125m, rated.ExactCost);
        Assert.Equal(113, rated.CostNanos);
    }

    [Fact]
    public void The_cost_is_rounded_once_for_the_call_not_once_per_line()
    {
        // gemini/gemini-2.0-flash-lite with a 2% markup:
        //   input      0.000000075   × 1.02 = 0.0000000765   per token; 1 token  = 76.5 nanos
        //   cache read 0.00000001875 × 1.02 = 0.000000019125 per token; 4 tokens = 76.5 nanos
        // Total 153 nanos exactly. Rounding each line first would charge 77 + 77 = 154.
        var rater = new UsageRater(PriceCatalog.Default, new TenantPricing(2, new Dictionary<string, ModelPrice>()));
        var rated = Rated(rater.Rate(new LlmUsage("gemini/gemini-2.0-flash-lite", InputTokens: 1, CacheReadTokens: 4)));

        Assert.Equal([0.0000000765m, 0.0000000765m], rated.Lines.Select(l => l.Cost));
        Assert.Equal(0.000000153m, rated.ExactCost);
        Assert.Equal(153, rated.CostNanos);
        Assert.Equal(154, rated.Lines.Sum(l => NanoDollars.Round(l.Cost)));
    }

    [Fact]
    public void Two_half_nano_lines_cost_one_nano_not_two()
    {
        // A tenant model at half a nano-dollar per token in and out: 0.0000000005 + 0.0000000005 = 1 nano.
        var rater = new UsageRater(new PriceCatalog([Model("half", 0.0000000005m, 0.0000000005m)]));
        var rated = Rated(rater.Rate(new LlmUsage("half", InputTokens: 1, OutputTokens: 1)));

        Assert.Equal(0.000000001m, rated.ExactCost);
        Assert.Equal(1, rated.CostNanos);
    }
}
