using Orleans.Concurrency;

namespace Waterfall.Contracts.Keys;

/// <summary>
/// One wallet key, keyed by its key id (the resolver knows nothing else). The key id is not a
/// tenant boundary: every management call names its tenant and wallet, and a key of another
/// tenant or wallet answers WALLET_KEY_NOT_FOUND, exactly like a key that does not exist.
/// </summary>
[Alias("wf.IWalletKeyGrain")]
public interface IWalletKeyGrain : IGrainWithStringKey
{
    /// <summary>
    /// Stores the key and lists it in its wallet's index. Idempotent on the same content; refused
    /// with WALLET_KEY_ALREADY_EXISTS when the id already holds a different key.
    /// </summary>
    [Alias("Create")] Task<Reply<WalletKeyRecord>> Create(CreateWalletKey command);

    /// <summary>The key as stored (revoked or not), or null. For the resolver and the wallet's index: callers check the tenant.</summary>
    [Alias("Get"), ReadOnly] Task<WalletKeyRecord?> Get();

    /// <summary>Revokes the key if it belongs to this tenant and wallet. Revoking twice answers the same (replayed).</summary>
    [Alias("Revoke")] Task<Reply<WalletKeyRecord>> Revoke(string tenantId, string walletId);
}
