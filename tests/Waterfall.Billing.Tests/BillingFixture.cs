using Waterfall.Contracts.Billing;
using Waterfall.Domain.Plans;
using Waterfall.Testing;

namespace Waterfall.Billing.Tests;

/// <summary>One in-memory cluster per test class, with helpers to reach the billing grains of the test tenant.</summary>
public class BillingFixture : WaterfallClusterFixture
{
    public const string Tenant = WaterfallTestCluster.TenantId;

    public IPlanGrain Plan(string id) => Client.Plan(Tenant, id);

    public ICustomerGrain Customer(string id) => Client.Customer(Tenant, id);

    public ICampaignGrain Campaign(string id) => Client.Campaign(Tenant, id);

    /// <summary>Saves and publishes a plan; answers its id.</summary>
    public async Task<string> PublishedPlanAsync(PlanTerms terms, string? id = null)
    {
        id ??= $"plan-{Guid.NewGuid():N}";
        var saved = await Plan(id).SaveDraft(null, terms);
        Assert.True(saved.IsAccepted, saved.Refusal?.Message);
        var published = await Plan(id).Publish(saved.Receipt!.Draft!.Number);
        Assert.True(published.IsAccepted, published.Refusal?.Message);
        return id;
    }

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>An HTTP client of the front door under <paramref name="apiKey"/>: it speaks HTTP/2 without TLS, the transcoded JSON routes too.</summary>
    public HttpClient Http(string apiKey)
    {
        var http = new HttpClient
        {
            BaseAddress = FrontDoorAddress,
            DefaultRequestVersion = System.Net.HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        return http;
    }
}
