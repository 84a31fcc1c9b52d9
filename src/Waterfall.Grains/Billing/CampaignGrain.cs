using Waterfall.Contracts;
using Waterfall.Contracts.Billing;
using Waterfall.Domain.Campaigns;
using WalletKey = Waterfall.Domain.Wallets.WalletKey;
using Waterfall.Ledger;

namespace Waterfall.Grains.Billing;

/// <summary>
/// A campaign. Not reentrant, so redemptions are decided one at a time against the limits: a redemption
/// is stored before its grant is made (a crash in between is finished by the replay, the grant's key is
/// the campaign's), and undone if the wallet refuses the grant, so a refused grant never uses up the campaign.
/// Its statistics read what became of the credit from the redeeming wallets' journals, kept per activation as a
/// projection that folds each entry once (<see cref="CampaignProjection"/>).
/// </summary>
public sealed class CampaignGrain(
    [PersistentState("campaign")] IPersistentState<Campaign> state,
    WalletClock clock,
    KnownModels models,
    ILedgerReader ledger) : Grain, ICampaignGrain
{
    private string _tenantId = "";
    private CampaignProjection? _usage;

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
        var known = await models.ForTenant(GrainFactory, _tenantId);
        if (Campaign.Define(terms, clock.Now, known) is { } refusal) return ContractMapping.Refused<CampaignView>(refusal);
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

    public async Task<Reply<CampaignView>> Get()
    {
        if (!Campaign.Exists)
            return ContractMapping.Refused<CampaignView>(Domain.Refusal.Of(Domain.Plans.BillingReasons.CampaignNotFound, $"No campaign '{Campaign.Id}'.",
                new Dictionary<string, string> { ["campaign_id"] = Campaign.Id }));
        return new(View(await Usage()), null, false);
    }

    // Folds only what each redeeming wallet's journal gained since the last read (CampaignProjection); a fresh
    // activation folds them once from a little before each redemption.
    private async Task<CampaignStatistics> Usage()
    {
        var redemptions = Campaign.Redemptions.Values.ToArray();
        var redeemed = Campaign.Redeemed;
        _usage ??= new CampaignProjection(Campaign.Id);
        foreach (var redemption in redemptions)
            await foreach (var stored in ledger.ReadWalletAsync(new WalletKey(_tenantId, redemption.WalletId), _usage.ReadFrom(redemption), DateTimeOffset.MaxValue))
                _usage.Observe(redemption.WalletId, stored.Event);
        return _usage.Statistics(redemptions.Length, redeemed);
    }

    private void Undo(Redemption redemption)
    {
        Campaign.Redemptions.Remove(redemption.WalletId);
        Campaign.Redeemed -= redemption.Amount;
    }

    private CampaignView View(CampaignStatistics? statistics = null) => new(Campaign.Id, Campaign.Terms!, statistics ?? Campaign.Statistics);
}
