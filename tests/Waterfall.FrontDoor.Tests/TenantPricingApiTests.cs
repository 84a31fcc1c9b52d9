using Grpc.Core;
using Waterfall.Api.V1;
using Waterfall.Client;

namespace Waterfall.FrontDoor.Tests;

/// <summary>A tenant's own prices over the API: drafted, published as versions that never change, and rated with at once.</summary>
public class TenantPricingApiTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static ModelPrice Price(string id, string input, string output, string provider = "acme") =>
        new() { Id = id, Provider = provider, Mode = "chat", Input = input, Output = output };

    private static async Task<WaterfallException> Refused(Func<Task> call) => await Assert.ThrowsAsync<WaterfallException>(call);

    [Fact]
    public async Task A_published_override_prices_the_next_debit_and_the_debit_names_the_version()
    {
        using var client = silo.Client();
        await client.SaveTenantPricingDraftAsync(0, [Price("acme/house-1", "0.000001", "0.000004")]);
        var published = await client.PublishTenantPricingAsync();
        var walletId = $"w-{Guid.NewGuid():N}";
        await client.CreateWalletAsync(walletId);
        await client.GrantCreditsAsync(walletId, Amounts.Usd(1m));

        var debit = await client.DebitAsync(walletId, new LlmUsage { Model = "acme/house-1", InputTokens = 1_000, OutputTokens = 500 });

        // 1,000 × 0.000001 + 500 × 0.000004 = 0.003 USD, no markup in this draft.
        Assert.Equal("0.003", debit.Rated.ExactCostUsd);
        Assert.Equal(published.Version, debit.Rated.PricingVersion);
        Assert.Equal(3_000_000, debit.Coverage.MoneyCost);
        var quote = await client.QuoteAsync(new LlmUsage { Model = "acme/house-1", InputTokens = 1_000, OutputTokens = 500 });
        Assert.Equal(published.Version, quote.PricingVersion);
    }

    [Fact]
    public async Task A_published_version_keeps_its_prices_after_the_next_one_is_published()
    {
        using var client = silo.Client();
        await client.SaveTenantPricingDraftAsync(10, [Price("acme/house-2", "0.000002", "0.000002")]);
        var first = await client.PublishTenantPricingAsync();
        await client.SaveTenantPricingDraftAsync(30, [Price("acme/house-2", "0.000005", "0.000005")]);
        var second = await client.PublishTenantPricingAsync();

        var kept = await client.GetTenantPricingVersionAsync(first.Version);
        var sheet = await client.GetTenantPricingAsync();

        Assert.Equal(first.Version + 1, second.Version);
        Assert.Equal("10", kept.MarkupPercent);
        Assert.Equal("0.000002", Assert.Single(kept.Overrides, o => o.Id == "acme/house-2").Input);
        Assert.Equal(second.Version, sheet.CurrentVersion);
        Assert.False(sheet.HasDraft);
        var quote = await client.QuoteAsync(new LlmUsage { Model = "acme/house-2", InputTokens = 1_000 });
        Assert.Equal("0.0065", quote.ExactCostUsd); // 1,000 × 0.000005 × 1.3
    }

    [Fact]
    public async Task Publishing_again_with_the_same_key_answers_the_same_version()
    {
        using var client = silo.Client();
        await client.SaveTenantPricingDraftAsync(0, [Price("acme/house-3", "0.000001", "0.000001")]);
        var key = $"publish-{Guid.NewGuid():N}";

        var first = await client.PublishTenantPricingAsync(key);
        var again = await client.PublishTenantPricingAsync(key);

        Assert.Equal(first.Version, again.Version);
        Assert.Equal(first.Version, (await client.GetTenantPricingAsync()).CurrentVersion);
    }

    [Fact]
    public async Task A_contradictory_draft_is_refused_with_field_violations_and_changes_nothing()
    {
        using var client = silo.Client();
        var before = await client.GetTenantPricingAsync();

        var error = await Refused(() => client.SaveTenantPricingDraftAsync(-150,
            [Price("acme/bad", "-1", "0.1"), Price("acme/bad", "0.1", "0.1"), new ModelPrice { Id = "acme/none", Provider = "acme", Mode = "chat" }]));

        Assert.Equal((StatusCode.InvalidArgument, "INVALID_ARGUMENT"), (error.StatusCode, error.Reason));
        Assert.Contains(error.FieldViolations, v => v.Field == "markup_percent");
        Assert.Contains(error.FieldViolations, v => v.Field == "overrides[0].input");
        Assert.Contains(error.FieldViolations, v => v.Field == "overrides[1].id");
        Assert.Contains(error.FieldViolations, v => v.Field == "overrides[2]");
        var after = await client.GetTenantPricingAsync();
        Assert.Equal(before.CurrentVersion, after.CurrentVersion);
        Assert.Equal(before.Draft, after.Draft);
    }

    [Fact]
    public async Task A_read_key_sees_the_prices_but_cannot_change_them()
    {
        using var reader = silo.Client(SiloFixture.ReadKey);

        var sheet = await reader.GetTenantPricingAsync();
        var draft = await Refused(() => reader.SaveTenantPricingDraftAsync(0, []));
        var publish = await Refused(() => reader.PublishTenantPricingAsync());

        Assert.NotNull(sheet);
        Assert.Equal((StatusCode.PermissionDenied, "PERMISSION_DENIED"), (draft.StatusCode, draft.Reason));
        Assert.Equal((StatusCode.PermissionDenied, "PERMISSION_DENIED"), (publish.StatusCode, publish.Reason));
    }

    [Fact]
    public async Task Another_tenants_prices_are_not_this_tenants()
    {
        using var admin = silo.Client();
        using var other = silo.Client(SiloFixture.OtherTenantKey);
        await admin.SaveTenantPricingDraftAsync(0, [Price("acme/house-4", "0.000001", "0.000001")]);
        await admin.PublishTenantPricingAsync();

        var error = await Refused(() => other.QuoteAsync(new LlmUsage { Model = "acme/house-4", InputTokens = 10 }));

        Assert.Equal("UNKNOWN_MODEL", error.Reason);
    }

    [Fact]
    public async Task An_unpublished_version_is_not_found()
    {
        using var client = silo.Client();

        var error = await Refused(() => client.GetTenantPricingVersionAsync(9_999));

        Assert.Equal((StatusCode.NotFound, "PRICING_VERSION_NOT_FOUND"), (error.StatusCode, error.Reason));
    }
}
