using CsCheck;
using Waterfall.Domain.Metering;
using Waterfall.Domain.Pricing.Catalog;
using Waterfall.Domain.Pricing.Rating;

namespace Waterfall.Domain.Tests.Metering;

public class CallPricingTests
{
    private static readonly UsageRater Catalog = new(PriceCatalog.Default);

    private static CallPricing Pricing(string model, UsageRater? rater = null) =>
        CallPricing.For(rater ?? Catalog, model, out _) ?? throw new InvalidOperationException(model);

    [Fact]
    public void The_worst_case_is_the_prompt_plus_the_output_limit_of_every_choice_at_catalog_rates()
    {
        var worst = Pricing("gpt-4o-mini").WorstCase(promptTokens: 1_000, outputTokens: 500, choices: 2);

        Assert.True(worst.IsRated);
        // 1,000 × 0.15 USD/M + 1,000 × 0.60 USD/M
        Assert.Equal(0.00015m + 0.0006m, worst.Rated.ExactCost);
    }

    [Fact]
    public void Output_is_held_at_the_reasoning_rate_when_reasoning_is_dearer()
    {
        var model = new ModelPrice { Id = "thinker", Provider = "openai", Mode = "chat", Input = 0.000001m, Output = 0.000002m, Reasoning = 0.000008m };
        var rater = new UsageRater(new PriceCatalog([model]));

        var pricing = Pricing("thinker", rater);

        Assert.Equal(0.000008m, pricing.OutputRate);
        Assert.Equal(10 * 0.000008m, pricing.MoreOutput(10).Rated!.ExactCost);
    }

    [Fact]
    public void Markup_applies_to_the_rates_a_hold_is_sized_with()
    {
        var marked = new UsageRater(PriceCatalog.Default, new TenantPricing(20m, new Dictionary<string, ModelPrice>()));

        Assert.Equal(0.0000006m * 1.2m, Pricing("gpt-4o-mini", marked).OutputRate);
    }

    [Fact]
    public void A_model_the_catalog_does_not_price_has_no_pricing_and_says_why()
    {
        Assert.Null(CallPricing.For(Catalog, "gpt-unknown", out var refusal));
        Assert.Equal(Reasons.UnknownModel, refusal!.Reason);
    }

    [Fact]
    public void The_default_output_limit_is_the_models_own_else_the_fallback()
    {
        Assert.Equal(16_384, Pricing("gpt-4o-mini").DefaultOutputLimit(4_096));
        var bare = new UsageRater(new PriceCatalog([new ModelPrice { Id = "bare", Provider = "openai", Mode = "chat", Input = 0.000001m, Output = 0.000001m }]));
        Assert.Equal(4_096, Pricing("bare", bare).DefaultOutputLimit(4_096));
    }

    [Fact]
    public void A_shrunk_output_limit_always_sheds_at_least_the_excess() =>
        Gen.Select(Gen.Long[0, 100_000], Gen.Long[1, 100_000], Gen.Int[1, 8], Gen.Long[1, 50_000_000], Gen.Int[0, 3].Select(i => new[] { "gpt-4o-mini", "gpt-4o", "claude-sonnet-4-5", "deepseek-chat" }[i]))
            .Sample((prompt, output, choices, excess, model) =>
            {
                var pricing = Pricing(model);
                var before = pricing.WorstCase(prompt, output, choices).Rated!.CostNanos;
                var shrunk = pricing.ShrinkOutput(output, choices, excess);
                var after = pricing.WorstCase(prompt, shrunk, choices).Rated!.CostNanos;
                return shrunk >= 0 && shrunk <= output && (shrunk == 0 || after <= before - excess);
            });

    [Fact]
    public void Shrinking_never_drops_more_than_one_token_per_choice_beyond_what_the_excess_needs() =>
        Gen.Select(Gen.Long[1, 100_000], Gen.Int[1, 4], Gen.Long[1, 5_000_000])
            .Sample((output, choices, excess) =>
            {
                var pricing = Pricing("gpt-4o");
                var shrunk = pricing.ShrinkOutput(output, choices, excess);
                if (shrunk == 0) return true;
                var before = pricing.WorstCase(0, output, choices).Rated!.CostNanos;
                var oneMore = pricing.WorstCase(0, shrunk + 2, choices).Rated!.CostNanos;
                return before - oneMore < excess; // two more tokens per choice would not have shed enough
            });
}
