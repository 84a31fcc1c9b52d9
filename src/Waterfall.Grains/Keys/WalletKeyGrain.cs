using Waterfall.Contracts;
using Waterfall.Contracts.Keys;
using Refusal = Waterfall.Domain.Refusal;
using Reasons = Waterfall.Domain.Reasons;

namespace Waterfall.Grains.Keys;

/// <summary>
/// One wallet key. A failed write puts memory back as it was, so the grain never answers with a key
/// (or a revocation) that the store does not hold.
/// </summary>
public sealed class WalletKeyGrain(
    [PersistentState("walletkey")] IPersistentState<WalletKeyGrainState> state,
    WalletClock clock) : Grain, IWalletKeyGrain
{
    public async Task<Reply<WalletKeyRecord>> Create(CreateWalletKey command)
    {
        if (state.State.Key is { } existing)
        {
            return command.Matches(existing)
                ? new Reply<WalletKeyRecord>(existing, null, Replayed: true)
                : ContractMapping.Refused<WalletKeyRecord>(Refusal.Of(Reasons.WalletKeyAlreadyExists,
                    $"Wallet key id '{this.GetPrimaryKeyString()}' already holds a different key."));
        }

        // Listed first: an id listed for a key that never got stored is skipped by listing, while a
        // stored key missing from its wallet's list could never be found and revoked.
        await GrainFactory.WalletKeyIndex(command.TenantId, command.WalletId).Add(this.GetPrimaryKeyString());
        var key = new WalletKeyRecord(this.GetPrimaryKeyString(), command.TenantId, command.WalletId, command.Name, command.AgentId,
            [.. command.AllowedModels], command.PerRequestCap, [.. command.SecretHash], clock.Now, null);
        await Write(key);
        return new Reply<WalletKeyRecord>(key, null, Replayed: false);
    }

    public Task<WalletKeyRecord?> Get() => Task.FromResult(state.State.Key);

    public async Task<Reply<WalletKeyRecord>> Revoke(string tenantId, string walletId)
    {
        if (state.State.Key is not { } key || !key.BelongsTo(tenantId, walletId))
            return ContractMapping.Refused<WalletKeyRecord>(Refusal.Of(Reasons.WalletKeyNotFound,
                $"Wallet '{walletId}' has no key '{this.GetPrimaryKeyString()}'.",
                new Dictionary<string, string> { ["key_id"] = this.GetPrimaryKeyString() }));
        if (key.IsRevoked) return new Reply<WalletKeyRecord>(key, null, Replayed: true);

        var revoked = key with { RevokedAt = clock.Now };
        await Write(revoked);
        return new Reply<WalletKeyRecord>(revoked, null, Replayed: false);
    }

    private async Task Write(WalletKeyRecord key)
    {
        var before = state.State.Key;
        state.State.Key = key;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Key = before;
            throw;
        }
    }
}
