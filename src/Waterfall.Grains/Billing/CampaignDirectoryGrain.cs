using Waterfall.Contracts.Billing;

namespace Waterfall.Grains.Billing;

/// <summary>A tenant's campaigns (key "tenant"), and which of them apply themselves on subscribe.</summary>
public sealed class CampaignDirectoryGrain(
    [PersistentState("campaigns")] IPersistentState<CampaignDirectoryState> state) : Grain, ICampaignDirectoryGrain
{
    public async Task Register(string campaignId, bool autoApply)
    {
        var existed = state.State.AutoApply.TryGetValue(campaignId, out var known);
        if (existed && known == autoApply) return;
        state.State.AutoApply[campaignId] = autoApply;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            if (existed) state.State.AutoApply[campaignId] = known;
            else state.State.AutoApply.Remove(campaignId);
            throw;
        }
    }

    public Task<string[]> List() => Task.FromResult(state.State.AutoApply.Keys.Order(StringComparer.Ordinal).ToArray());

    public Task<string[]> AutoApplied() =>
        Task.FromResult(state.State.AutoApply.Where(c => c.Value).Select(c => c.Key).Order(StringComparer.Ordinal).ToArray());
}

[GenerateSerializer, Alias("wf.CampaignDirectoryState")]
public sealed class CampaignDirectoryState
{
    /// <summary>Every campaign id, with whether it applies itself on subscribe.</summary>
    [Id(0)] public Dictionary<string, bool> AutoApply { get; set; } = new(StringComparer.Ordinal);
}
