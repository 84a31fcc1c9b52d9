using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;
using Waterfall.Contracts.Pricing;
using Waterfall.Domain.Pricing.Catalog;
using Waterfall.Grains.Pricing;
using Waterfall.Testing;

namespace Waterfall.Grains.Tests;

public class TenantPricingGrainTests(WaterfallClusterFixture waterfall) : IClassFixture<WaterfallClusterFixture>
{
    private static ModelPrice HouseModel(decimal input) => new()
    {
        Id = "acme/house", Provider = "acme", Mode = "chat", Input = input, Output = 0.000004m,
        LongContextTiers = [new LongContextTier(200_000, 0.000002m, null, null, null)], MaxInputTokens = 1_000_000,
    };

    [Fact]
    public async Task Published_versions_cross_the_grain_boundary_exactly_and_a_retry_publishes_nothing_new()
    {
        var pricing = waterfall.Client.TenantPricing($"t-{Guid.NewGuid():N}");
        Assert.Null(await pricing.SaveDraft(12.5m, [HouseModel(0.0000011m)]));

        var published = await pricing.Publish("p1");
        var retried = await pricing.Publish("p1");
        var current = await pricing.GetCurrent();

        Assert.False(published.Replayed);
        Assert.True(retried.Replayed);
        Assert.Equal(1, current!.Version);
        Assert.Equal(12.5m, current.Pricing.MarkupPercent);
        Assert.Equal(HouseModel(0.0000011m), current.Pricing.Overrides["acme/house"]);
        Assert.Null((await pricing.GetSheet()).Draft);
    }

    [Fact]
    public async Task A_refused_draft_leaves_the_saved_one()
    {
        var pricing = waterfall.Client.TenantPricing($"t-{Guid.NewGuid():N}");
        await pricing.SaveDraft(1, [HouseModel(0.000001m)]);

        var refusal = await pricing.SaveDraft(-500, []);

        Assert.Equal("INVALID_ARGUMENT", refusal!.Reason);
        Assert.Equal(1, (await pricing.GetSheet()).Draft!.MarkupPercent);
    }

    [Fact]
    public void The_stored_state_reads_back_exactly_through_the_silos_json_grain_storage_serializer()
    {
        var serializer = new SystemTextJsonGrainStorageSerializer(Options.Create(new SystemTextJsonGrainStorageSerializerOptions()));
        var pricing = new TenantPricing(7, new Dictionary<string, ModelPrice> { ["acme/house"] = HouseModel(0.0000013m) });
        var state = new TenantPricingGrainState
        {
            Published = [new TenantPriceVersion(1, pricing, new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), "p1")],
            Draft = new TenantPricing(-3.25m, new Dictionary<string, ModelPrice>()),
        };

        var back = serializer.Deserialize<TenantPricingGrainState>(serializer.Serialize(state));

        var version = Assert.Single(back!.Published);
        Assert.Equal((1, "p1", state.Published[0].PublishedAt), (version.Version, version.PublishKey, version.PublishedAt));
        Assert.Equal(7, version.Pricing.MarkupPercent);
        Assert.Equal(HouseModel(0.0000013m), version.Pricing.Overrides["acme/house"]);
        Assert.Equal(-3.25m, back.Draft!.MarkupPercent);
    }
}
