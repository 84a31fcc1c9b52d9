using Waterfall.Domain.Pricing.Rating;
using Xunit;
using static Waterfall.Domain.Pricing.Rating.UsageComponent;
using static Waterfall.Domain.Tests.Pricing.Rating.RatingAssert;

namespace Waterfall.Domain.Tests.Pricing.Rating;

/// <summary>
/// Real models, real catalog prices, costs worked out by hand from model-prices.json.
/// </summary>
public class CatalogModelRatingTests
{
    [Fact]
    public void Gpt_4o_prices_input_and_output_exactly()
    {
        // gpt-4o: input 2.5e-06, output 1e-05.
        // 1000 × 0.0000025 = 0.0025; 500 × 0.00001 = 0.005; total 0.0075 USD = 7,500,000 nano-dollars.
        var rated = Rated(Default.Rate(new LlmUsage("gpt-4o", InputTokens: 1000, OutputTokens: 500)));

        Assert.Equal([Line(Input, 1000, 0.0000025m), Line(Output, 500, 0.00001m)], rated.Lines);
        Assert.Equal(0.0075m, rated.ExactCost);
        Assert.Equal(7_500_000, rated.CostNanos);
        Assert.Equal("gpt-4o", rated.Model);
        Assert.Equal("openai", rated.Provider);
        Assert.Null(rated.Tier);
        Assert.False(rated.Batch);
    }

    [Fact]
    public void Gpt_4o_prices_cache_reads_at_its_cache_read_rate()
    {
        // cache read 1.25e-06.
        // 200 × 0.0000025 = 0.0005; 1800 × 0.00000125 = 0.00225; 100 × 0.00001 = 0.001; total 0.00375.
        var rated = Rated(Default.Rate(new LlmUsage("gpt-4o", InputTokens: 200, CacheReadTokens: 1800, OutputTokens: 100)));

        Assert.Equal([Line(Input, 200, 0.0000025m), Line(CacheRead, 1800, 0.00000125m), Line(Output, 100, 0.00001m)], rated.Lines);
        Assert.Equal(0.00375m, rated.ExactCost);
        Assert.Equal(3_750_000, rated.CostNanos);
    }

    [Fact]
    public void Gpt_4o_batch_prices_input_and_output_at_batch_rates_and_leaves_cache_reads_alone()
    {
        // batch input 1.25e-06, batch output 5e-06; cache read keeps its own 1.25e-06.
        // 1000 × 0.00000125 = 0.00125; 2000 × 0.00000125 = 0.0025; 500 × 0.000005 = 0.0025; total 0.00625.
        var rated = Rated(Default.Rate(new LlmUsage("gpt-4o", InputTokens: 1000, CacheReadTokens: 2000, OutputTokens: 500, Batch: true)));

        Assert.Equal([Line(Input, 1000, 0.00000125m), Line(CacheRead, 2000, 0.00000125m), Line(Output, 500, 0.000005m)], rated.Lines);
        Assert.Equal(0.00625m, rated.ExactCost);
        Assert.Equal(6_250_000, rated.CostNanos);
        Assert.True(rated.Batch);
    }

    [Fact]
    public void Gpt_4o_mini_prices_input_and_output_exactly()
    {
        // gpt-4o-mini: input 1.5e-07, output 6e-07.
        // 10000 × 0.00000015 = 0.0015; 2000 × 0.0000006 = 0.0012; total 0.0027.
        var rated = Rated(Default.Rate(new LlmUsage("gpt-4o-mini", InputTokens: 10_000, OutputTokens: 2000)));

        Assert.Equal([Line(Input, 10_000, 0.00000015m), Line(Output, 2000, 0.0000006m)], rated.Lines);
        Assert.Equal(0.0027m, rated.ExactCost);
        Assert.Equal(2_700_000, rated.CostNanos);
    }

    [Fact]
    public void Claude_sonnet_4_5_prices_five_minute_and_one_hour_cache_writes_apart()
    {
        // claude-sonnet-4-5: input 3e-06, cache read 3e-07, write 3.75e-06, 1h write 6e-06, output 1.5e-05.
        // Prompt 100 + 5000 + 2000 + 1000 = 8100: no tier.
        // 100 × 0.000003 = 0.0003; 5000 × 0.0000003 = 0.0015; 2000 × 0.00000375 = 0.0075;
        // 1000 × 0.000006 = 0.006; 800 × 0.000015 = 0.012; total 0.0273.
        var rated = Rated(Default.Rate(new LlmUsage(
            "claude-sonnet-4-5", InputTokens: 100, CacheReadTokens: 5000, CacheWrite5mTokens: 2000, CacheWrite1hTokens: 1000, OutputTokens: 800)));

        Assert.Equal(
            [
                Line(Input, 100, 0.000003m), Line(CacheRead, 5000, 0.0000003m), Line(CacheWrite5m, 2000, 0.00000375m),
                Line(CacheWrite1h, 1000, 0.000006m), Line(Output, 800, 0.000015m),
            ],
            rated.Lines);
        Assert.Equal(0.0273m, rated.ExactCost);
        Assert.Equal(27_300_000, rated.CostNanos);
        Assert.Equal("anthropic", rated.Provider);
        Assert.Null(rated.Tier);
    }

    [Fact]
    public void Claude_sonnet_4_5_above_200k_prices_every_component_at_the_tier_rate()
    {
        // Prompt 150000 + 40000 + 20000 = 210000 > 200000 (max_input_tokens is 200000: not enforced).
        // Tier: input 6e-06, cache read 6e-07, write 7.5e-06, output 2.25e-05 (each differs from base).
        // 150000 × 0.000006 = 0.9; 40000 × 0.0000006 = 0.024; 20000 × 0.0000075 = 0.15;
        // 1000 × 0.0000225 = 0.0225; total 1.0965.
        var rated = Rated(Default.Rate(new LlmUsage(
            "claude-sonnet-4-5", InputTokens: 150_000, CacheReadTokens: 40_000, CacheWrite5mTokens: 20_000, OutputTokens: 1000)));

        Assert.Equal(
            [Line(Input, 150_000, 0.000006m), Line(CacheRead, 40_000, 0.0000006m), Line(CacheWrite5m, 20_000, 0.0000075m), Line(Output, 1000, 0.0000225m)],
            rated.Lines);
        Assert.Equal(1.0965m, rated.ExactCost);
        Assert.Equal(1_096_500_000, rated.CostNanos);
        Assert.Equal("above_200k", rated.Tier);
    }

    [Fact]
    public void A_prompt_of_exactly_the_threshold_stays_at_base_rates_and_one_more_token_switches_the_whole_request()
    {
        // 200000 × 0.000003 = 0.6 (base); 200001 × 0.000006 = 1.200006 (tier, strictly above).
        var atThreshold = Rated(Default.Rate(new LlmUsage("claude-sonnet-4-5", InputTokens: 200_000)));
        var above = Rated(Default.Rate(new LlmUsage("claude-sonnet-4-5", InputTokens: 200_001)));

        Assert.Equal(0.6m, atThreshold.ExactCost);
        Assert.Null(atThreshold.Tier);
        Assert.Equal(1.200006m, above.ExactCost);
        Assert.Equal("above_200k", above.Tier);
    }

    [Fact]
    public void Cached_tokens_count_toward_the_threshold()
    {
        // Input 1000 + cache read 199500 = 200500 > 200000, so the input tokens pay the tier rate.
        // 1000 × 0.000006 = 0.006; 199500 × 0.0000006 = 0.1197; total 0.1257.
        var rated = Rated(Default.Rate(new LlmUsage("claude-sonnet-4-5", InputTokens: 1000, CacheReadTokens: 199_500)));

        Assert.Equal("above_200k", rated.Tier);
        Assert.Equal(0.1257m, rated.ExactCost);
    }

    [Fact]
    public void Claude_sonnet_4_5_one_hour_writes_keep_their_base_rate_above_200k_because_the_catalog_has_no_tier_rate_for_them()
    {
        // Prompt 199000 + 2000 = 201000 > 200000. Input at tier 6e-06, 1h write at base 6e-06.
        // 199000 × 0.000006 = 1.194; 2000 × 0.000006 = 0.012; total 1.206.
        var rated = Rated(Default.Rate(new LlmUsage("claude-sonnet-4-5", InputTokens: 199_000, CacheWrite1hTokens: 2000)));

        Assert.Equal([Line(Input, 199_000, 0.000006m), Line(CacheWrite1h, 2000, 0.000006m)], rated.Lines);
        Assert.Equal(1.206m, rated.ExactCost);
    }

    [Fact]
    public void Deepseek_chat_prices_cache_reads_and_bills_reasoning_as_output()
    {
        // deepseek-chat: input 2.8e-07, cache read 2.8e-08, output 4.2e-07, no reasoning price.
        // 1000 × 0.00000028 = 0.00028; 3000 × 0.000000028 = 0.000084; 500 × 0.00000042 = 0.00021;
        // 700 × 0.00000042 = 0.000294; total 0.000868.
        var rated = Rated(Default.Rate(new LlmUsage("deepseek-chat", InputTokens: 1000, CacheReadTokens: 3000, OutputTokens: 500, ReasoningTokens: 700)));

        Assert.Equal(
            [Line(Input, 1000, 0.00000028m), Line(CacheRead, 3000, 0.000000028m), Line(Output, 500, 0.00000042m), Line(Reasoning, 700, 0.00000042m)],
            rated.Lines);
        Assert.Equal(0.000868m, rated.ExactCost);
        Assert.Equal(868_000, rated.CostNanos);
        Assert.Equal("deepseek", rated.Provider);
    }

    [Fact]
    public void Xai_grok_3_prices_input_cache_reads_and_output()
    {
        // xai/grok-3: input 3e-06, cache read 7.5e-07, output 1.5e-05.
        // 1200 × 0.000003 = 0.0036; 800 × 0.00000075 = 0.0006; 400 × 0.000015 = 0.006; total 0.0102.
        var rated = Rated(Default.Rate(new LlmUsage("xai/grok-3", InputTokens: 1200, CacheReadTokens: 800, OutputTokens: 400)));

        Assert.Equal([Line(Input, 1200, 0.000003m), Line(CacheRead, 800, 0.00000075m), Line(Output, 400, 0.000015m)], rated.Lines);
        Assert.Equal(0.0102m, rated.ExactCost);
        Assert.Equal(10_200_000, rated.CostNanos);
        Assert.Equal("xai", rated.Provider);
    }

    [Fact]
    public void Gpt_4o_audio_preview_prices_audio_at_its_audio_rates()
    {
        // input 2.5e-06, output 1e-05, audio in 4e-05, audio out 8e-05.
        // 10 × 0.0000025 = 0.000025; 100 × 0.00004 = 0.004; 20 × 0.00001 = 0.0002; 50 × 0.00008 = 0.004;
        // total 0.008225.
        var rated = Rated(Default.Rate(new LlmUsage("gpt-4o-audio-preview", InputTokens: 10, AudioInputTokens: 100, OutputTokens: 20, AudioOutputTokens: 50)));

        Assert.Equal(
            [Line(Input, 10, 0.0000025m), Line(AudioInput, 100, 0.00004m), Line(Output, 20, 0.00001m), Line(AudioOutput, 50, 0.00008m)],
            rated.Lines);
        Assert.Equal(0.008225m, rated.ExactCost);
    }

    [Fact]
    public void Gpt_5_4_batch_above_272k_takes_batch_rates_for_input_and_output_and_the_tier_rate_for_cache_reads()
    {
        // Prompt 300000 + 10000 = 310000 > 272000. Batch input 1.25e-06 and output 7.5e-06 win over
        // the tier's 5e-06 / 2.25e-05; cache read takes the tier's 5e-07 (base 2.5e-07).
        // 300000 × 0.00000125 = 0.375; 10000 × 0.0000005 = 0.005; 1000 × 0.0000075 = 0.0075; total 0.3875.
        var rated = Rated(Default.Rate(new LlmUsage("gpt-5.4", InputTokens: 300_000, CacheReadTokens: 10_000, OutputTokens: 1000, Batch: true)));

        Assert.Equal([Line(Input, 300_000, 0.00000125m), Line(CacheRead, 10_000, 0.0000005m), Line(Output, 1000, 0.0000075m)], rated.Lines);
        Assert.Equal(0.3875m, rated.ExactCost);
        Assert.Equal("above_272k", rated.Tier);
        Assert.True(rated.Batch);
    }

    [Fact]
    public void A_batch_call_to_a_model_without_batch_prices_pays_base_rates()
    {
        // claude-sonnet-4-5 has no batch prices: 1000 × 0.000003 = 0.003; 100 × 0.000015 = 0.0015; total 0.0045.
        var rated = Rated(Default.Rate(new LlmUsage("claude-sonnet-4-5", InputTokens: 1000, OutputTokens: 100, Batch: true)));

        Assert.Equal(0.0045m, rated.ExactCost);
        Assert.True(rated.Batch);
    }

    [Fact]
    public void An_embedding_model_rates_input_alone_and_has_no_output_line()
    {
        // mistral/mistral-embed: input 1e-07, no output price. 5000 × 0.0000001 = 0.0005.
        var rated = Rated(Default.Rate(new LlmUsage("mistral/mistral-embed", InputTokens: 5000)));

        Assert.Equal([Line(Input, 5000, 0.0000001m)], rated.Lines);
        Assert.Equal(0.0005m, rated.ExactCost);
    }
}
