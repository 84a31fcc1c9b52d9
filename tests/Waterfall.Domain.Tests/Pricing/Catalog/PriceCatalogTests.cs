using System.Text;
using Waterfall.Domain.Pricing.Catalog;
using Xunit;

namespace Waterfall.Domain.Tests.Pricing.Catalog;

public class PriceCatalogTests
{
    private static PriceCatalog Catalog => PriceCatalog.Default;

    [Fact]
    public void All_483_models_of_the_shipped_catalog_load()
    {
        Assert.Equal(483, Catalog.Count);
        Assert.Equal(483, Catalog.Models.Select(m => m.Id).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void The_models_per_provider_match_the_data_readme()
    {
        // The table in shared/data/README.md, "Models per provider".
        var expected = new Dictionary<string, int>
        {
            ["anthropic"] = 23, ["deepseek"] = 12, ["gemini"] = 59, ["groq"] = 11, ["mistral"] = 54,
            ["openai"] = 145, ["openrouter"] = 96, ["text-completion-openai"] = 6,
            ["vertex_ai-language-models"] = 37, ["xai"] = 40,
        };
        var actual = Catalog.Models.GroupBy(m => m.Provider).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(expected.OrderBy(p => p.Key), actual.OrderBy(p => p.Key));
    }

    [Fact]
    public void The_default_catalog_is_parsed_once_and_shared()
    {
        Assert.Same(PriceCatalog.Default, PriceCatalog.Default);
    }

    [Fact]
    public void Gpt_4o_prices_are_read_exactly()
    {
        // model-prices.json: "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05,
        // "cache_read_input_token_cost": 1.25e-06, batches 1.25e-06 / 5e-06, max 128000 / 16384.
        Assert.True(Catalog.TryGet("gpt-4o", out var gpt4o));
        Assert.Equal("openai", gpt4o.Provider);
        Assert.Equal("chat", gpt4o.Mode);
        Assert.Equal(0.0000025m, gpt4o.Input);
        Assert.Equal(0.00001m, gpt4o.Output);
        Assert.Equal(0.00000125m, gpt4o.CacheRead);
        Assert.Equal(0.00000125m, gpt4o.BatchInput);
        Assert.Equal(0.000005m, gpt4o.BatchOutput);
        Assert.Null(gpt4o.CacheWrite5m);
        Assert.Null(gpt4o.CacheWrite1h);
        Assert.Null(gpt4o.Reasoning);
        Assert.Empty(gpt4o.LongContextTiers);
        Assert.Equal(128000, gpt4o.MaxInputTokens);
        Assert.Equal(16384, gpt4o.MaxOutputTokens);
    }

    [Fact]
    public void Claude_sonnet_4_5_has_both_cache_write_prices_and_an_above_200k_tier()
    {
        // 3e-06 / 1.5e-05 / read 3e-07 / write 3.75e-06 / 1h 6e-06; above 200k: 6e-06, 2.25e-05, 6e-07, 7.5e-06.
        Assert.True(Catalog.TryGet("claude-sonnet-4-5", out var sonnet));
        Assert.Equal(0.000003m, sonnet.Input);
        Assert.Equal(0.000015m, sonnet.Output);
        Assert.Equal(0.0000003m, sonnet.CacheRead);
        Assert.Equal(0.00000375m, sonnet.CacheWrite5m);
        Assert.Equal(0.000006m, sonnet.CacheWrite1h);
        var tier = Assert.Single(sonnet.LongContextTiers);
        Assert.Equal(new LongContextTier(200_000, 0.000006m, 0.0000225m, 0.0000006m, 0.0000075m), tier);
        Assert.Equal("above_200k", tier.Name);
        Assert.Equal(200000, sonnet.MaxInputTokens);
    }

    [Fact]
    public void Whole_counts_written_with_a_decimal_point_read_as_counts()
    {
        // xai/grok-4-1-fast: "max_input_tokens": 2000000.0
        Assert.True(Catalog.TryGet("xai/grok-4-1-fast", out var grok));
        Assert.Equal(2_000_000L, grok.MaxInputTokens);
        Assert.Equal(2_000_000L, grok.MaxOutputTokens);
        Assert.Equal(128_000, Assert.Single(grok.LongContextTiers).ThresholdTokens);
    }

    [Fact]
    public void Embedding_and_image_models_have_no_output_price()
    {
        // The README: output_cost_per_token is absent in 6 rows.
        var withoutOutput = Catalog.Models.Where(m => m.Output is null).Select(m => m.Id).Order(StringComparer.Ordinal);
        Assert.Equal(
            ["chatgpt-image-latest", "gpt-image-1", "gpt-image-1-mini", "mistral/codestral-embed", "mistral/codestral-embed-2505", "mistral/mistral-embed"],
            withoutOutput);
    }

    [Fact]
    public void Every_model_has_an_input_price_and_no_price_is_negative()
    {
        foreach (var model in Catalog.Models)
        {
            Assert.NotNull(model.Input);
            decimal?[] prices =
            [
                model.Input, model.Output, model.CacheRead, model.CacheWrite5m, model.CacheWrite1h,
                model.AudioInput, model.AudioOutput, model.Reasoning, model.BatchInput, model.BatchOutput,
                .. model.LongContextTiers.SelectMany(t => new[] { t.Input, t.Output, t.CacheRead, t.CacheWrite }),
            ];
            Assert.All(prices, p => Assert.True(p is null or >= 0, $"{model.Id} has a negative price {p}"));
        }
    }

    [Fact]
    public void Tiers_are_listed_in_ascending_threshold_order()
    {
        Assert.All(Catalog.Models, m =>
            Assert.Equal(m.LongContextTiers.OrderBy(t => t.ThresholdTokens).Select(t => t.ThresholdTokens), m.LongContextTiers.Select(t => t.ThresholdTokens)));
        // Thresholds named in the README: 128k, 200k, 272k.
        Assert.Equal(
            [128_000L, 200_000L, 272_000L],
            Catalog.Models.SelectMany(m => m.LongContextTiers).Select(t => t.ThresholdTokens).Distinct().Order());
    }

    [Fact]
    public void Lookup_is_exact_and_case_sensitive()
    {
        Assert.True(Catalog.TryGet("xai/grok-3", out _));
        Assert.False(Catalog.TryGet("GPT-4o", out _));
        Assert.False(Catalog.TryGet("gpt-4o ", out _));
        Assert.False(Catalog.TryGet("grok-3", out _));
        Assert.False(Catalog.TryGet("", out _));
        Assert.False(Catalog.TryGet(null!, out _));
    }

    [Fact]
    public void Overrides_replace_whole_models_and_add_new_ones_without_touching_the_original()
    {
        var cheaper = new ModelPrice { Id = "gpt-4o", Provider = "openai", Mode = "chat", Input = 0.000002m, Output = 0.000008m };
        var custom = new ModelPrice { Id = "acme/llm-1", Provider = "acme", Mode = "chat", Input = 0.000001m, Output = 0.000002m };

        var tenant = Catalog.WithOverrides([cheaper, custom]);

        Assert.Equal(484, tenant.Count);
        Assert.True(tenant.TryGet("gpt-4o", out var replaced));
        Assert.Same(cheaper, replaced);
        // Whole replacement: the catalog's cache-read and batch prices are not inherited.
        Assert.Null(replaced.CacheRead);
        Assert.Null(replaced.BatchInput);
        Assert.Same(custom, tenant.Models[^1]);
        // Replaced in place, so the source order is kept.
        Assert.Equal(Catalog.Models.Select(m => m.Id).ToList().IndexOf("gpt-4o"), tenant.Models.Select(m => m.Id).ToList().IndexOf("gpt-4o"));

        Assert.True(Catalog.TryGet("gpt-4o", out var original));
        Assert.Equal(0.0000025m, original.Input);
        Assert.False(Catalog.TryGet("acme/llm-1", out _));
    }

    [Fact]
    public void A_catalog_refuses_two_prices_for_one_model()
    {
        var a = new ModelPrice { Id = "m", Provider = "p", Mode = "chat", Input = 1m };
        Assert.Throws<ArgumentException>(() => new PriceCatalog([a, a with { Input = 2m }]));
        Assert.Throws<ArgumentException>(() => Catalog.WithOverrides([a, a]));
    }

    [Fact]
    public void A_catalog_refuses_a_negative_price()
    {
        var bad = new ModelPrice { Id = "m", Provider = "p", Mode = "chat", Input = 0.000001m, CacheRead = -0.000001m };
        var error = Assert.Throws<ArgumentException>(() => new PriceCatalog([bad]));
        Assert.Contains("cache_read", error.Message);
    }

    [Fact]
    public void A_price_with_the_same_tiers_equals_one_built_separately()
    {
        ModelPrice Build() => new()
        {
            Id = "m", Provider = "p", Mode = "chat", Input = 1m,
            LongContextTiers = [new LongContextTier(200_000, 2m, null, null, null)],
        };
        Assert.Equal(Build(), Build());
        Assert.NotEqual(Build(), Build() with { LongContextTiers = [new LongContextTier(200_000, 3m, null, null, null)] });
    }

    [Fact]
    public void Load_reads_a_small_catalog_from_bytes_and_from_a_stream()
    {
        var json = """
            { "source": "test", "models": [
              { "id": "a", "provider": "p", "mode": "chat", "input_cost_per_token": 1.5e-07, "output_cost_per_token": 6e-07,
                "input_cost_per_token_above_128k_tokens": 3e-07, "cache_read_input_token_cost_above_128k_tokens": 1e-07,
                "max_input_tokens": 1048576 },
              { "id": "b", "provider": "p", "mode": "embedding", "input_cost_per_token": 0.0, "output_cost_per_token": null }
            ] }
            """u8.ToArray();

        var fromBytes = PriceCatalog.Load(json);
        var fromStream = PriceCatalog.Load(new MemoryStream(json));

        foreach (var catalog in new[] { fromBytes, fromStream })
        {
            Assert.Equal(["a", "b"], catalog.Models.Select(m => m.Id));
            Assert.True(catalog.TryGet("a", out var a));
            Assert.Equal(0.00000015m, a.Input);
            Assert.Equal(0.0000006m, a.Output);
            Assert.Equal(new LongContextTier(128_000, 0.0000003m, null, 0.0000001m, null), Assert.Single(a.LongContextTiers));
            Assert.Equal(1_048_576, a.MaxInputTokens);
            Assert.True(catalog.TryGet("b", out var b));
            Assert.Equal(0m, b.Input);
            Assert.Null(b.Output);
        }
    }

    [Theory]
    [InlineData("""{ "models": [ { "id": "a", "provider": "p", "mode": "chat", "input_cost_per_token": 1e-06, "output_cost_per_image": 0.04 } ] }""", "unknown field")]
    [InlineData("""{ "models": [ { "id": "a", "provider": "p", "mode": "chat", "input_cost_per_token": 1e-06, "input_cost_per_token": 2e-06 } ] }""", "listed twice")]
    [InlineData("""{ "models": [ { "id": "a", "provider": "p", "mode": "chat", "input_cost_per_token": "1e-06" } ] }""", "expected a number")]
    [InlineData("""{ "models": [ { "id": "a", "provider": "p", "mode": "chat", "input_cost_per_token": -1e-06 } ] }""", "must not be negative")]
    [InlineData("""{ "models": [ { "id": "a", "provider": "p", "mode": "chat", "input_cost_per_token": 1e-40 } ] }""", "cannot be held exactly")]
    [InlineData("""{ "models": [ { "id": "a", "provider": "p", "mode": "chat", "max_input_tokens": 1000.5 } ] }""", "whole number")]
    [InlineData("""{ "models": [ { "provider": "p", "mode": "chat", "input_cost_per_token": 1e-06 } ] }""", "no 'id'")]
    [InlineData("""{ "models": [ { "id": "a", "provider": "p", "mode": "chat" }, { "id": "a", "provider": "p", "mode": "chat" } ] }""", "listed twice")]
    [InlineData("""{ "source": "no models" }""", "no 'models'")]
    [InlineData("""{ "models": [ """, "not valid JSON")]
    public void Load_refuses_a_malformed_catalog_with_a_message_that_says_why(string json, string expected)
    {
        var error = Assert.Throws<FormatException>(() => PriceCatalog.Load(Encoding.UTF8.GetBytes(json)));
        Assert.Contains(expected, error.Message);
    }
}
