using Waterfall.Contracts.Keys;

namespace Waterfall.Grains.Keys;

/// <summary>The key ids of one wallet (key "tenant/wallet"), so its keys can be listed.</summary>
public sealed class WalletKeyIndexGrain(
    [PersistentState("walletkeys")] IPersistentState<WalletKeyIndexGrainState> state) : Grain, IWalletKeyIndexGrain
{
    public async Task Add(string keyId)
    {
        if (state.State.KeyIds.Contains(keyId, StringComparer.Ordinal)) return;
        state.State.KeyIds.Add(keyId);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.KeyIds.Remove(keyId);
            throw;
        }
    }

    public Task<string[]> List() => Task.FromResult(state.State.KeyIds.ToArray());
}
