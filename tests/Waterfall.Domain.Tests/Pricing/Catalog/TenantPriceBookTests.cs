using Waterfall.Domain.Pricing.Catalog;
using Waterfall.Domain.Pricing.Rating;
using Xunit;

namespace Waterfall.Domain.Tests.Pricing.Catalog;

public class TenantPriceBookTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    private static ModelPrice Price(string id, decimal input, decimal output, string provider = "openai") =>
        new() { Id = id, Provider = provider, Mode = "chat", Input = input, Output = output };

    [Fact]
    public void Publishing_a_draft_makes_it_the_next_version_and_empties_the_draft()
    {
        var book = new TenantPriceBook();
        Assert.Null(book.SaveDraft(20, [Price("gpt-4o", 0.000002m, 0.000008m)]));

        var (first, replayed, refusal) = book.Publish("p1", Now);

        Assert.Null(refusal);
        Assert.False(replayed);
        Assert.Equal(1, first!.Version);
        Assert.Equal(Now, first.PublishedAt);
        Assert.Same(first, book.Current);
        Assert.Null(book.Draft);
        Assert.Equal(20, first.Pricing.MarkupPercent);
    }

    [Fact]
    public void A_published_version_never_changes_when_the_draft_is_edited_and_published_again()
    {
        var book = new TenantPriceBook();
        book.SaveDraft(10, [Price("gpt-4o", 0.000002m, 0.000008m)]);
        var v1 = book.Publish("p1", Now).Version!;

        book.SaveDraft(50, [Price("gpt-4o", 0.000009m, 0.000009m), Price("acme/house-model", 0.000001m, 0.000001m, provider: "acme")]);
        var v2 = book.Publish("p2", Now.AddDays(1)).Version!;

        Assert.Equal(2, v2.Version);
        Assert.Same(v2, book.Current);
        var kept = book.VersionOf(1)!;
        Assert.Same(v1, kept);
        Assert.Equal(10, kept.Pricing.MarkupPercent);
        Assert.Equal(0.000002m, kept.Pricing.Overrides["gpt-4o"].Input);
        Assert.False(kept.Pricing.Overrides.ContainsKey("acme/house-model"));
    }

    [Fact]
    public void Publishing_again_with_the_same_key_answers_the_version_it_published()
    {
        var book = new TenantPriceBook();
        book.SaveDraft(5, []);
        var first = book.Publish("same", Now).Version;
        book.SaveDraft(6, []);

        var (again, replayed, refusal) = book.Publish("same", Now.AddHours(1));

        Assert.Null(refusal);
        Assert.True(replayed);
        Assert.Same(first, again);
        Assert.Single(book.Published);
        Assert.NotNull(book.Draft); // the retry did not publish the newer draft
    }

    [Fact]
    public void Publishing_without_a_draft_is_refused_and_changes_nothing()
    {
        var book = new TenantPriceBook();

        var (version, _, refusal) = book.Publish("p1", Now);

        Assert.Null(version);
        Assert.Equal(Reasons.PricingDraftMissing, refusal!.Reason);
        Assert.Empty(book.Published);
    }

    [Fact]
    public void A_contradictory_draft_is_refused_field_by_field_and_the_old_draft_stays()
    {
        var book = new TenantPriceBook();
        book.SaveDraft(1, []);
        var before = book.Draft;

        var refusal = book.SaveDraft(-101, [
            Price("gpt-4o", -0.1m, 0.1m),
            Price("gpt-4o", 0.1m, 0.1m),
            new ModelPrice { Id = "x/none", Provider = "x", Mode = "chat" },
            new ModelPrice { Id = "", Provider = "", Mode = "chat", Input = 1m },
        ]);

        Assert.Equal(Reasons.InvalidArgument, refusal!.Reason);
        var fields = refusal.Violations.Select(v => v.Field).ToHashSet();
        Assert.Contains("markup_percent", fields);
        Assert.Contains("overrides[0].input", fields);
        Assert.Contains("overrides[1].id", fields);
        Assert.Contains("overrides[2]", fields);
        Assert.Contains("overrides[3].id", fields);
        Assert.Contains("overrides[3].provider", fields);
        Assert.Same(before, book.Draft);
    }

    [Fact]
    public void A_rater_built_from_a_version_rates_with_its_prices_and_records_the_version()
    {
        var book = new TenantPriceBook();
        book.SaveDraft(100, [Price("acme/house-model", 0.000001m, 0.000003m, provider: "acme")]);
        var version = book.Publish("p1", Now).Version!;
        var rater = new UsageRater(PriceCatalog.Default, version.Pricing, version.Version);

        var rated = rater.Rate(new LlmUsage("acme/house-model", InputTokens: 1_000, OutputTokens: 100)).Rated!;

        // (1,000 × 0.000001 + 100 × 0.000003) × 2 (markup 100 %) = 0.0026 USD
        Assert.Equal(0.0026m, rated.ExactCost);
        Assert.Equal("acme", rated.Provider);
        Assert.Equal(1, rated.PricingVersion);
    }
}
