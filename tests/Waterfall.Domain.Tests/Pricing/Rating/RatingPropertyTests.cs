using CsCheck;
using Waterfall.Domain.Money;
using Waterfall.Domain.Pricing.Catalog;
using Waterfall.Domain.Pricing.Rating;
using Xunit;

namespace Waterfall.Domain.Tests.Pricing.Rating;

public class RatingPropertyTests
{
    private static readonly IReadOnlyList<ModelPrice> Models = PriceCatalog.Default.Models;

    private static readonly Gen<long> Tokens = Gen.OneOf(Gen.Const(0L), Gen.Long[0, 1000], Gen.Long[0, 2_000_000]);

    private static readonly Gen<LlmUsage> Usage =
        Gen.Select(
            Gen.Int[0, Models.Count - 1],
            Gen.Select(Tokens, Tokens, Tokens, Tokens),
            Gen.Select(Tokens, Tokens, Tokens, Tokens),
            Gen.Bool,
            (i, a, b, batch) => new LlmUsage(Models[i].Id, a.Item1, b.Item1, a.Item2, a.Item3, a.Item4, b.Item2, b.Item3, b.Item4, batch));

    [Fact]
    public void Every_catalog_model_either_rates_a_call_or_refuses_it_for_lack_of_an_output_price()
    {
        Usage.Sample(usage =>
        {
            var result = RatingAssert.Default.Rate(usage);
            if (result.IsRated) return true;
            Assert.True(PriceCatalog.Default.TryGet(usage.Model, out var model));
            // The only refusal a well-formed call to a listed model can get.
            return model.Output is null && result.Refusal.Reason == Reasons.InvalidArgument &&
                   usage.OutputTokens + usage.ReasoningTokens + usage.AudioOutputTokens > 0;
        });
    }

    [Fact]
    public void A_rating_has_one_line_per_component_with_tokens_in_component_order()
    {
        Usage.Sample(usage =>
        {
            var result = RatingAssert.Default.Rate(usage);
            if (!result.IsRated) return true;
            var expected = Enum.GetValues<UsageComponent>().Where(c => usage.TokensOf(c) > 0).ToList();
            Assert.Equal(expected, result.Rated.Lines.Select(l => l.Component));
            Assert.All(result.Rated.Lines, l => Assert.Equal(usage.TokensOf(l.Component), l.Tokens));
            Assert.All(result.Rated.Lines, l => Assert.True(l.UnitPrice >= 0));
            return true;
        });
    }

    [Fact]
    public void The_charged_nanos_are_within_half_a_nano_of_the_exact_cost()
    {
        Usage.Sample(usage =>
        {
            var result = RatingAssert.Default.Rate(usage);
            if (!result.IsRated) return true;
            var difference = Math.Abs(result.Rated.CostNanos - result.Rated.ExactCost * NanoDollars.PerUsd);
            return difference <= 0.5m;
        });
    }

    [Fact]
    public void A_markup_scales_the_exact_cost_by_exactly_one_plus_the_percentage()
    {
        // Percent with up to two decimals, from a 100% discount to a 500% markup.
        Gen.Select(Usage, Gen.Int[-10_000, 50_000]).Sample((usage, hundredths) =>
        {
            var percent = hundredths / 100m;
            var plain = RatingAssert.Default.Rate(usage);
            var marked = new UsageRater(PriceCatalog.Default, new TenantPricing(percent, new Dictionary<string, ModelPrice>())).Rate(usage);
            Assert.Equal(plain.IsRated, marked.IsRated);
            if (!plain.IsRated) return true;
            Assert.Equal(plain.Rated.ExactCost * (1 + percent / 100), marked.Rated!.ExactCost);
            Assert.Equal(plain.Rated.Tier, marked.Rated.Tier);
            return true;
        });
    }

    [Fact]
    public void A_usage_with_any_negative_count_is_refused_as_invalid()
    {
        Gen.Select(Usage, Gen.Int[0, 7], Gen.Long[long.MinValue, -1]).Sample((usage, index, negative) =>
        {
            var bad = index switch
            {
                0 => usage with { InputTokens = negative },
                1 => usage with { CacheReadTokens = negative },
                2 => usage with { CacheWrite5mTokens = negative },
                3 => usage with { CacheWrite1hTokens = negative },
                4 => usage with { AudioInputTokens = negative },
                5 => usage with { OutputTokens = negative },
                6 => usage with { ReasoningTokens = negative },
                _ => usage with { AudioOutputTokens = negative },
            };
            var result = RatingAssert.Default.Rate(bad);
            return !result.IsRated && result.Refusal.Reason == Reasons.InvalidArgument &&
                   result.Refusal.Violations.Any(v => v.Field == LlmUsage.FieldOf((UsageComponent)index));
        });
    }
}
