namespace Waterfall.Contracts.Billing;

/// <summary>Every billing grain's key starts with its tenant: "tenant/plan", "tenant/customer", "tenant/campaign".</summary>
public static class BillingGrainKeys
{
    public static string For(string tenantId, string id) => $"{tenantId}/{id}";

    public static (string TenantId, string Id) Parse(string key)
    {
        var slash = key.IndexOf('/');
        if (slash <= 0 || slash == key.Length - 1) throw new FormatException($"'{key}' is not a billing grain key (tenant/id).");
        return (key[..slash], key[(slash + 1)..]);
    }

    public static IPlanGrain Plan(this IGrainFactory grains, string tenantId, string planId) =>
        grains.GetGrain<IPlanGrain>(For(tenantId, planId));

    public static ICustomerGrain Customer(this IGrainFactory grains, string tenantId, string customerId) =>
        grains.GetGrain<ICustomerGrain>(For(tenantId, customerId));

    public static ICampaignGrain Campaign(this IGrainFactory grains, string tenantId, string campaignId) =>
        grains.GetGrain<ICampaignGrain>(For(tenantId, campaignId));

    public static ICampaignDirectoryGrain Campaigns(this IGrainFactory grains, string tenantId) =>
        grains.GetGrain<ICampaignDirectoryGrain>(tenantId);

    public static IBillingDirectoryGrain BillingDirectory(this IGrainFactory grains, string tenantId) =>
        grains.GetGrain<IBillingDirectoryGrain>(tenantId);
}
