using Waterfall.Domain.Pricing.Catalog;
using Waterfall.Domain.Pricing.Rating;
using Xunit;
using static Waterfall.Domain.Pricing.Rating.UsageComponent;
using static Waterfall.Domain.Tests.Pricing.Rating.RatingAssert;

namespace Waterfall.Domain.Tests.Pricing.Rating;

public class TenantPricingTests
{
    private static TenantPricing Markup(decimal percent, params ModelPrice[] overrides) =>
        new(percent, overrides.ToDictionary(m => m.Id));

    [Fact]
    public void A_markup_multiplies_every_unit_price_exactly()
    {
        // gpt-4o with 15%: input 0.0000025 × 1.15 = 0.000002875; output 0.00001 × 1.15 = 0.0000115.
        // 1000 × 0.000002875 = 0.002875; 500 × 0.0000115 = 0.00575; total 0.008625.
        var rater = new UsageRater(PriceCatalog.Default, Markup(15));
        var rated = Rated(rater.Rate(new LlmUsage("gpt-4o", InputTokens: 1000, OutputTokens: 500)));

        Assert.Equal([Line(Input, 1000, 0.000002875m), Line(Output, 500, 0.0000115m)], rated.Lines);
        Assert.Equal(0.008625m, rated.ExactCost);
        Assert.Equal(8_625_000, rated.CostNanos);
    }

    [Fact]
    public void A_markup_applies_after_tier_and_batch_selection()
    {
        // claude-sonnet-4-5 above 200k with 10%: tier input 0.000006 × 1.1 = 0.0000066.
        // 200001 × 0.0000066 = 1.3200066.
        var rater = new UsageRater(PriceCatalog.Default, Markup(10));
        var tiered = Rated(rater.Rate(new LlmUsage("claude-sonnet-4-5", InputTokens: 200_001)));
        Assert.Equal([Line(Input, 200_001, 0.0000066m)], tiered.Lines);
        Assert.Equal(1.3200066m, tiered.ExactCost);

        // gpt-4o batch with 10%: batch input 0.00000125 × 1.1 = 0.000001375; 1000 × = 0.001375.
        var batch = Rated(rater.Rate(new LlmUsage("gpt-4o", InputTokens: 1000, Batch: true)));
        Assert.Equal(0.001375m, batch.ExactCost);
    }

    [Fact]
    public void A_negative_markup_is_a_discount_and_below_minus_100_percent_is_refused()
    {
        // -20%: 0.0000025 × 0.8 = 0.000002; 1000 × = 0.002.
        var rated = Rated(new UsageRater(PriceCatalog.Default, Markup(-20)).Rate(new LlmUsage("gpt-4o", InputTokens: 1000)));
        Assert.Equal(0.002m, rated.ExactCost);

        Assert.Throws<ArgumentOutOfRangeException>(() => Markup(-100.01m));
    }

    [Fact]
    public void An_override_replaces_the_whole_model_for_that_tenant_only()
    {
        // Override gpt-4o: input 2e-06, output 8e-06, no cache-read price (so reads fall back to
        // the override's input, not to the catalog's 1.25e-06).
        // 1000 × 0.000002 = 0.002; 1000 × 0.000002 = 0.002; 500 × 0.000008 = 0.004; total 0.008.
        var tenant = new UsageRater(PriceCatalog.Default, Markup(0, Model("gpt-4o", 0.000002m, 0.000008m)));
        var usage = new LlmUsage("gpt-4o", InputTokens: 1000, CacheReadTokens: 1000, OutputTokens: 500);

        var rated = Rated(tenant.Rate(usage));
        Assert.Equal([Line(Input, 1000, 0.000002m), Line(CacheRead, 1000, 0.000002m), Line(Output, 500, 0.000008m)], rated.Lines);
        Assert.Equal(0.008m, rated.ExactCost);
        Assert.Equal("test", rated.Provider);

        // Everyone else still pays the catalog: 0.0025 + 0.00125 + 0.005 = 0.00875.
        Assert.Equal(0.00875m, Rated(Default.Rate(usage)).ExactCost);
    }

    [Fact]
    public void An_override_can_add_a_model_the_catalog_lacks_and_the_markup_applies_to_it()
    {
        // acme/llm-1: input 1e-06, output 2e-06, with 10%: 0.0000011 and 0.0000022.
        // 1000 × 0.0000011 = 0.0011; 1000 × 0.0000022 = 0.0022; total 0.0033.
        var tenant = new UsageRater(PriceCatalog.Default, Markup(10, Model("acme/llm-1", 0.000001m, 0.000002m)));

        var rated = Rated(tenant.Rate(new LlmUsage("acme/llm-1", InputTokens: 1000, OutputTokens: 1000)));
        Assert.Equal([Line(Input, 1000, 0.0000011m), Line(Output, 1000, 0.0000022m)], rated.Lines);
        Assert.Equal(0.0033m, rated.ExactCost);
        Assert.Equal(Reasons.UnknownModel, Refused(Default.Rate(new LlmUsage("acme/llm-1", InputTokens: 1))).Reason);
    }

    [Fact]
    public void Override_keys_must_match_their_model_ids()
    {
        var mismatched = new Dictionary<string, ModelPrice> { ["gpt-4o"] = Model("gpt-4o-mini", 1m) };
        Assert.Throws<ArgumentException>(() => new TenantPricing(0, mismatched));
    }

    [Fact]
    public void Overrides_are_validated_like_catalog_prices()
    {
        var negative = Model("m", -0.000001m);
        Assert.Throws<ArgumentException>(() => Markup(0, negative));
    }

    [Fact]
    public void A_tenant_is_not_affected_by_later_changes_to_the_dictionary_it_was_built_from()
    {
        var overrides = new Dictionary<string, ModelPrice> { ["m"] = Model("m", 0.000001m) };
        var tenant = new TenantPricing(0, overrides);
        overrides["m"] = Model("m", 0.000009m);

        Assert.Equal(0.000001m, tenant.Overrides["m"].Input);
    }
}
