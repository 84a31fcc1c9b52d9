using Waterfall.Contracts.Billing;
using Waterfall.Contracts.Pricing;
using Waterfall.Domain.Campaigns;
using Waterfall.Domain.Plans;
using Waterfall.Domain.Pricing.Catalog;
using static Waterfall.Billing.Tests.SamplePlans;

namespace Waterfall.Billing.Tests;

/// <summary>
/// Plans and campaigns may name the models the tenant rates: the catalog's, and those its published price book
/// adds. Each test has a tenant of its own, so one's price book never reaches another test.
/// </summary>
public class TenantModelTests(BillingFixture billing) : IClassFixture<BillingFixture>
{
    private static ModelPrice Model(string id) => new() { Id = id, Provider = "acme-cloud", Mode = "chat", Input = 0.000001m, Output = 0.000002m };

    private static PlanTerms ScopedTo(string model) =>
        Starter() with { Grants = [Starter().Grants[0] with { Scope = new PlanScope([], [model], []) }] };

    [Fact]
    public async Task A_plan_may_scope_a_grant_to_a_model_the_tenants_published_price_book_defines()
    {
        var tenant = BillingFixture.NewId("tenant");
        var pricing = billing.Client.TenantPricing(tenant);
        Assert.Null(await pricing.SaveDraft(0, [Model("acme-llm-7b")]));
        Assert.True((await pricing.Publish("publish-1")).IsAccepted);
        var plan = billing.Client.Plan(tenant, "own-model");

        var saved = await plan.SaveDraft(null, ScopedTo("acme-llm-7b"));
        var published = await plan.Publish(saved.Receipt!.Draft!.Number);

        Assert.True(saved.IsAccepted, saved.Refusal?.Message);
        Assert.True(published.IsAccepted, published.Refusal?.Message);
    }

    [Fact]
    public async Task A_model_only_a_draft_price_book_or_another_tenant_knows_is_refused_and_nothing_is_saved()
    {
        var tenant = BillingFixture.NewId("tenant");
        var neighbour = BillingFixture.NewId("tenant");
        Assert.Null(await billing.Client.TenantPricing(tenant).SaveDraft(0, [Model("draft-llm")]));
        Assert.Null(await billing.Client.TenantPricing(neighbour).SaveDraft(0, [Model("their-llm")]));
        Assert.True((await billing.Client.TenantPricing(neighbour).Publish("publish-1")).IsAccepted);
        var plan = billing.Client.Plan(tenant, "not-ours");

        var draftOnly = await plan.SaveDraft(null, ScopedTo("draft-llm"));
        var theirs = await plan.SaveDraft(null, ScopedTo("their-llm"));
        var campaign = await billing.Client.Campaign(tenant, "theirs").Define(new CampaignTerms("theirs",
            new CampaignGrant("promotional", "usd", 1_000, null, new PlanScope([], ["their-llm"], []), null, null),
            CampaignEligibility.Anyone, CampaignLimits.None, CampaignWindow.Always));

        Assert.Equal("grants[0].scope.models", Assert.Single(draftOnly.Refusal!.Violations).Field);
        Assert.Equal("grants[0].scope.models", Assert.Single(theirs.Refusal!.Violations).Field);
        Assert.Contains(campaign.Refusal!.Violations, v => v.Field == "grant.scope.models");
        Assert.False((await plan.Get()).IsAccepted);
        Assert.False((await billing.Client.Campaign(tenant, "theirs").Get()).IsAccepted);
    }
}
