using Waterfall.Domain.Money;
using Waterfall.Domain.Pricing.Catalog;
using Waterfall.Domain.Pricing.Rating;
using Xunit;
using static Waterfall.Domain.Pricing.Rating.UsageComponent;
using static Waterfall.Domain.Tests.Pricing.Rating.RatingAssert;

namespace Waterfall.Domain.Tests.Pricing.Rating;

/// <summary>The fallback, tier, batch and refusal rules of docs/rating.md, one rule per test.</summary>
public class RatingRulesTests
{
    private static UsageRater With(params ModelPrice[] models) => new(new PriceCatalog(models));

    [Fact]
    public void Lines_follow_component_order_and_skip_components_without_tokens()
    {
        // Every component on a model that prices each one differently (prices 1..8 micro-dollars).
        var model = new ModelPrice
        {
            Id = "m", Provider = "test", Mode = "chat",
            Input = 0.000001m, CacheRead = 0.000002m, CacheWrite5m = 0.000003m, CacheWrite1h = 0.000004m,
            AudioInput = 0.000005m, Output = 0.000006m, Reasoning = 0.000007m, AudioOutput = 0.000008m,
        };
        var rater = With(model);

        var all = Rated(rater.Rate(new LlmUsage("m", 1, 6, 2, 3, 4, 7, 5, 8)));
        Assert.Equal(
            [
                Line(Input, 1, 0.000001m), Line(CacheRead, 2, 0.000002m), Line(CacheWrite5m, 3, 0.000003m),
                Line(CacheWrite1h, 4, 0.000004m), Line(AudioInput, 5, 0.000005m), Line(Output, 6, 0.000006m),
                Line(Reasoning, 7, 0.000007m), Line(AudioOutput, 8, 0.000008m),
            ],
            all.Lines);
        // 1·1 + 2·2 + 3·3 + 4·4 + 5·5 + 6·6 + 7·7 + 8·8 = 204 micro-dollars.
        Assert.Equal(0.000204m, all.ExactCost);

        var some = Rated(rater.Rate(new LlmUsage("m", ReasoningTokens: 3, CacheReadTokens: 2)));
        Assert.Equal([Line(CacheRead, 2, 0.000002m), Line(Reasoning, 3, 0.000007m)], some.Lines);

        Assert.Empty(Rated(rater.Rate(new LlmUsage("m"))).Lines);
    }

    [Fact]
    public void Gpt_4o_cache_writes_fall_back_to_the_input_price()
    {
        // gpt-4o lists no cache-write prices: 5m → input 2.5e-06; 1h → 5m (absent) → input 2.5e-06.
        // 1000 × 0.0000025 + 400 × 0.0000025 = 0.0025 + 0.001 = 0.0035.
        var rated = Rated(Default.Rate(new LlmUsage("gpt-4o", CacheWrite5mTokens: 1000, CacheWrite1hTokens: 400)));

        Assert.Equal([Line(CacheWrite5m, 1000, 0.0000025m), Line(CacheWrite1h, 400, 0.0000025m)], rated.Lines);
        Assert.Equal(0.0035m, rated.ExactCost);
    }

    [Fact]
    public void One_hour_cache_writes_fall_back_to_the_five_minute_price()
    {
        // claude-4-sonnet-20250514: write 3.75e-06, no 1h price. 1000 × 0.00000375 = 0.00375.
        var rated = Rated(Default.Rate(new LlmUsage("claude-4-sonnet-20250514", CacheWrite1hTokens: 1000)));

        Assert.Equal([Line(CacheWrite1h, 1000, 0.00000375m)], rated.Lines);
        Assert.Equal(0.00375m, rated.ExactCost);
    }

    [Fact]
    public void A_missing_cache_read_price_falls_back_to_input()
    {
        // groq-style model with input 5e-07 only: 100 cache reads × 0.0000005 = 0.00005.
        var rated = Rated(With(Model("m", 0.0000005m, 0.000001m)).Rate(new LlmUsage("m", CacheReadTokens: 100)));

        Assert.Equal([Line(CacheRead, 100, 0.0000005m)], rated.Lines);
    }

    [Fact]
    public void Audio_without_audio_prices_is_priced_as_input_and_output()
    {
        // gpt-4o: 100 audio in × 0.0000025 = 0.00025; 10 audio out × 0.00001 = 0.0001; total 0.00035.
        var rated = Rated(Default.Rate(new LlmUsage("gpt-4o", AudioInputTokens: 100, AudioOutputTokens: 10)));

        Assert.Equal([Line(AudioInput, 100, 0.0000025m), Line(AudioOutput, 10, 0.00001m)], rated.Lines);
        Assert.Equal(0.00035m, rated.ExactCost);
    }

    [Fact]
    public void Reasoning_with_its_own_price_uses_it()
    {
        // Output 2e-06, reasoning 3e-06: 10 reasoning × 0.000003 = 0.00003.
        var model = Model("m", 0.000001m, 0.000002m) with { Reasoning = 0.000003m };
        var rated = Rated(With(model).Rate(new LlmUsage("m", ReasoningTokens: 10)));

        Assert.Equal([Line(Reasoning, 10, 0.000003m)], rated.Lines);
    }

    [Fact]
    public void Fallbacks_in_a_batch_call_follow_the_batch_rate_of_the_token_they_stand_in_for()
    {
        // gpt-4o batch: reasoning has no price of its own → batch output 5e-06;
        // 1h cache write → 5m (absent) → batch input 1.25e-06; cache read keeps its own 1.25e-06.
        // 100 × 0.000005 = 0.0005; 200 × 0.00000125 = 0.00025; total 0.00075.
        var rated = Rated(Default.Rate(new LlmUsage("gpt-4o", ReasoningTokens: 100, CacheWrite1hTokens: 200, Batch: true)));

        Assert.Equal([Line(CacheWrite1h, 200, 0.00000125m), Line(Reasoning, 100, 0.000005m)], rated.Lines);
        Assert.Equal(0.00075m, rated.ExactCost);
    }

    [Fact]
    public void The_highest_tier_the_prompt_exceeds_applies_and_tiers_do_not_stack()
    {
        // Base input 1e-06, output 4e-06; above 128k input 2e-06; above 200k input 3e-06 (no tier output).
        var model = Model("m", 0.000001m, 0.000004m) with
        {
            LongContextTiers = [new(128_000, 0.000002m, null, null, null), new(200_000, 0.000003m, null, null, null)],
        };
        var rater = With(model);

        // 150000 × 0.000002 = 0.3; 10 × 0.000004 (base output) = 0.00004; total 0.30004.
        var middle = Rated(rater.Rate(new LlmUsage("m", InputTokens: 150_000, OutputTokens: 10)));
        Assert.Equal("above_128k", middle.Tier);
        Assert.Equal(0.30004m, middle.ExactCost);

        // 250000 × 0.000003 = 0.75; 10 × 0.000004 = 0.00004; total 0.75004.
        var top = Rated(rater.Rate(new LlmUsage("m", InputTokens: 250_000, OutputTokens: 10)));
        Assert.Equal("above_200k", top.Tier);
        Assert.Equal(0.75004m, top.ExactCost);
    }

    [Fact]
    public void A_fallback_above_a_tier_follows_the_tier_rate_of_the_token_it_stands_in_for()
    {
        // gemini-2.5-pro (vertex) has no base cache-write price, so below 200k a write costs input
        // 1.25e-06; above 200k the tier lists its own write price 2.5e-07.
        // Below: 1000 × 0.00000125 + 1000 × 0.00000125 = 0.0025.
        // Above: prompt 200000 + 1000 = 201000; 200000 × 0.0000025 = 0.5; 1000 × 0.00000025 = 0.00025; total 0.50025.
        var below = Rated(Default.Rate(new LlmUsage("gemini-2.5-pro", InputTokens: 1000, CacheWrite5mTokens: 1000)));
        var above = Rated(Default.Rate(new LlmUsage("gemini-2.5-pro", InputTokens: 200_000, CacheWrite5mTokens: 1000)));

        Assert.Equal(0.0025m, below.ExactCost);
        Assert.Equal([Line(Input, 200_000, 0.0000025m), Line(CacheWrite5m, 1000, 0.00000025m)], above.Lines);
        Assert.Equal(0.50025m, above.ExactCost);

        // xai/grok-4-0709's 128k tier has no cache-read price and the model none either: reads follow
        // the tier's input 6e-06. Prompt 100000 + 30000 = 130000. 30000 × 0.000006 = 0.18; 100000 × 0.000006 = 0.6.
        var grok = Rated(Default.Rate(new LlmUsage("xai/grok-4-0709", InputTokens: 100_000, CacheReadTokens: 30_000)));
        Assert.Equal([Line(Input, 100_000, 0.000006m), Line(CacheRead, 30_000, 0.000006m)], grok.Lines);
        Assert.Equal(0.78m, grok.ExactCost);
    }

    [Fact]
    public void An_unknown_model_is_refused_with_UNKNOWN_MODEL_and_the_model_in_metadata()
    {
        var refusal = Refused(Default.Rate(new LlmUsage("gpt-4o-turbo-ultra", InputTokens: 10)));

        Assert.Equal("UNKNOWN_MODEL", refusal.Reason);
        Assert.Equal("gpt-4o-turbo-ultra", refusal.Metadata["model"]);
        Assert.Contains("gpt-4o-turbo-ultra", refusal.Message);
    }

    [Fact]
    public void Model_ids_are_matched_exactly()
    {
        Assert.Equal(Reasons.UnknownModel, Refused(Default.Rate(new LlmUsage("GPT-4O", InputTokens: 1))).Reason);
    }

    [Fact]
    public void Negative_token_counts_are_refused_naming_every_bad_field()
    {
        var refusal = Refused(Default.Rate(new LlmUsage("gpt-4o", InputTokens: -1, OutputTokens: 10, ReasoningTokens: -5)));

        Assert.Equal(Reasons.InvalidArgument, refusal.Reason);
        Assert.Equal(["input_tokens", "reasoning_tokens"], refusal.Violations.Select(v => v.Field));
    }

    [Fact]
    public void The_shape_is_checked_before_the_model_is_looked_up()
    {
        // A bad count on an unknown model is a malformed request first.
        var refusal = Refused(Default.Rate(new LlmUsage("no-such-model", CacheReadTokens: -1)));
        Assert.Equal(Reasons.InvalidArgument, refusal.Reason);
        Assert.Equal("cache_read_tokens", Assert.Single(refusal.Violations).Field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void A_missing_model_is_refused(string model)
    {
        var refusal = Refused(Default.Rate(new LlmUsage(model, InputTokens: 1)));
        Assert.Equal(Reasons.InvalidArgument, refusal.Reason);
        Assert.Equal("model", Assert.Single(refusal.Violations).Field);
    }

    [Fact]
    public void Token_counts_beyond_what_one_ledger_operation_carries_are_refused()
    {
        var one = Refused(Default.Rate(new LlmUsage("gpt-4o", InputTokens: Amount.MaxValue + 1)));
        Assert.Equal("input_tokens", Assert.Single(one.Violations).Field);

        var sum = Refused(Default.Rate(new LlmUsage("gpt-4o", InputTokens: Amount.MaxValue, OutputTokens: 1)));
        Assert.Equal("tokens", Assert.Single(sum.Violations).Field);
    }

    [Fact]
    public void A_cost_above_what_one_operation_carries_is_refused_not_overflowed()
    {
        // 1e17 tokens × 0.00001 = 1e12 USD, far above 1e8 USD (Amount.MaxValue nano-dollars).
        var refusal = Refused(Default.Rate(new LlmUsage("gpt-4o", OutputTokens: Amount.MaxValue)));
        Assert.Equal(Reasons.InvalidArgument, refusal.Reason);
        Assert.Equal("tokens", Assert.Single(refusal.Violations).Field);
    }

    [Fact]
    public void Output_tokens_on_a_model_without_an_output_price_are_refused_with_a_clear_message()
    {
        var refusal = Refused(Default.Rate(new LlmUsage("mistral/mistral-embed", InputTokens: 100, OutputTokens: 1)));

        Assert.Equal(Reasons.InvalidArgument, refusal.Reason);
        var violation = Assert.Single(refusal.Violations);
        Assert.Equal("output_tokens", violation.Field);
        Assert.Contains("mistral/mistral-embed", violation.Description);
        Assert.Contains("no price for output", violation.Description);
    }

    [Fact]
    public void Reasoning_and_audio_output_on_a_model_without_an_output_price_are_refused_too()
    {
        // gpt-image-1: no output price, so reasoning and audio output have nothing to fall back to.
        var refusal = Refused(Default.Rate(new LlmUsage("gpt-image-1", InputTokens: 10, ReasoningTokens: 1, AudioOutputTokens: 2)));

        Assert.Equal(["reasoning_tokens", "audio_output_tokens"], refusal.Violations.Select(v => v.Field));
    }

    [Fact]
    public void A_result_is_either_rated_or_refused()
    {
        var rated = Default.Rate(new LlmUsage("gpt-4o", InputTokens: 1));
        Assert.True(rated.IsRated);
        Assert.Null(rated.Refusal);

        var refused = Default.Rate(new LlmUsage("nope", InputTokens: 1));
        Assert.False(refused.IsRated);
        Assert.Null(refused.Rated);
    }
}
