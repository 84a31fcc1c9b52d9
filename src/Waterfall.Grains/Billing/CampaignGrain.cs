using Waterfall.Contracts;
using Waterfall.Contracts.Billing;
using Waterfall.Domain.Campaigns;

namespace Waterfall.Grains.Billing;

/// <summary>
/// A campaign. Not reentrant, so redemptions are decided one at a time against the limits: a redemption
/// is stored before its grant is made (a crash in between is finished by the replay, the grant's key is
/// the campaign's), and undone if the wallet refuses the grant, so a refused grant never uses up the campaign.
/// </summary>
public sealed class CampaignGrain(
    [PersistentState("campaign")] IPersistentState<Campaign> state,
    WalletClock clock,
    KnownModels models) : Grain, ICampaignGrain
{
    private string _tenantId = "";

    private Campaign Campaign => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenantId, Campaign.Id) = BillingGrainKeys.Parse(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public async Task<Reply<CampaignView>> Define(CampaignTerms terms)
    {
        var before = Campaign.Terms;
        var beforeCreated = Campaign.CreatedAt;
        if (Campaign.Define(terms, clock.Now, models.Contains) is { } refusal) return ContractMapping.Refused<CampaignView>(refusal);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            (Campaign.Terms, Campaign.CreatedAt) = (before, beforeCreated);
            throw;
        }
        await GrainFactory.Campaigns(_tenantId).Register(Campaign.Id, terms.Eligibility.AutoApply);
        return new(View(), null, false);
    }

    public async Task<Reply<Redemption>> Redeem(RedemptionRequest request)
    {
        var result = Campaign.Redeem(request, clock.Now);
        if (result.Refusal is { } refusal) return ContractMapping.Refused<Redemption>(refusal);
        var redemption = result.Redemption!;
        if (!result.Replayed)
        {
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                Undo(redemption);
                throw;
            }
        }

        var attribution = new Attribution(CustomerId: request.CustomerId);
        var granted = await GrainFactory.Wallet(_tenantId, request.WalletId)
            .Grant(new GrantCredits(redemption.GrantKey, Campaign.GrantFor(redemption).ToContract(), attribution));
        if (granted.Refusal is { } walletRefused)
        {
            if (!result.Replayed)
            {
                Undo(redemption);
                await state.WriteStateAsync();
            }
            return new(null, walletRefused, false);
        }
        return new(redemption, null, result.Replayed);
    }

    public Task<Reply<CampaignView>> Get() =>
        Task.FromResult(Campaign.Exists
            ? new Reply<CampaignView>(View(), null, false)
            : ContractMapping.Refused<CampaignView>(Domain.Refusal.Of(Domain.Plans.BillingReasons.CampaignNotFound, $"No campaign '{Campaign.Id}'.",
                new Dictionary<string, string> { ["campaign_id"] = Campaign.Id })));

    private void Undo(Redemption redemption)
    {
        Campaign.Redemptions.Remove(redemption.WalletId);
        Campaign.Redeemed -= redemption.Amount;
    }

    private CampaignView View() => new(Campaign.Id, Campaign.Terms!, Campaign.Statistics);
}
