using Orleans.Concurrency;

namespace Waterfall.Contracts.Billing;

/// <summary>
/// A tenant's plans and customers (key "tenant"), so they can be listed: each plan and customer grain adds
/// itself when it is first stored. Campaigns keep their own directory (<see cref="ICampaignDirectoryGrain"/>).
/// </summary>
[Alias("wf.IBillingDirectoryGrain")]
public interface IBillingDirectoryGrain : IGrainWithStringKey
{
    [Alias("AddPlan")] Task AddPlan(string planId);

    [Alias("AddCustomer")] Task AddCustomer(string customerId);

    /// <summary>Plan ids in ordinal order.</summary>
    [Alias("Plans"), ReadOnly] Task<string[]> Plans();

    /// <summary>Customer ids in ordinal order.</summary>
    [Alias("Customers"), ReadOnly] Task<string[]> Customers();
}
