using Orleans.Concurrency;
using Waterfall.Domain.Campaigns;

namespace Waterfall.Contracts.Billing;

/// <summary>
/// One campaign (key "tenant/campaign"). Not reentrant: it is the serialization point that keeps
/// concurrent redemptions within the campaign's limits.
/// </summary>
[Alias("wf.ICampaignGrain")]
public interface ICampaignGrain : IGrainWithStringKey
{
    [Alias("Define")] Task<Reply<CampaignView>> Define(CampaignTerms terms);

    /// <summary>Redeems for a wallet and grants it the campaign's credit; again for the same wallet is a replay.</summary>
    [Alias("Redeem")] Task<Reply<Redemption>> Redeem(RedemptionRequest request);

    [Alias("Get"), ReadOnly] Task<Reply<CampaignView>> Get();
}

[GenerateSerializer, Immutable, Alias("wf.CampaignView")]
public sealed record CampaignView([property: Id(0)] string Id, [property: Id(1)] CampaignTerms Terms, [property: Id(2)] CampaignStatistics Statistics);

/// <summary>A tenant's campaigns (key "tenant"): to list them, and to find those applied on subscribe.</summary>
[Alias("wf.ICampaignDirectoryGrain")]
public interface ICampaignDirectoryGrain : IGrainWithStringKey
{
    [Alias("Register")] Task Register(string campaignId, bool autoApply);

    [Alias("List"), ReadOnly] Task<string[]> List();

    [Alias("AutoApplied"), ReadOnly] Task<string[]> AutoApplied();
}
