using Orleans.Concurrency;

namespace Waterfall.Contracts.Keys;

/// <summary>The key ids of one wallet, keyed by "tenant/wallet" (see <see cref="WalletKeyGrains"/>), for listing.</summary>
[Alias("wf.IWalletKeyIndexGrain")]
public interface IWalletKeyIndexGrain : IGrainWithStringKey
{
    /// <summary>Lists a key id (idempotent).</summary>
    [Alias("Add")] Task Add(string keyId);

    /// <summary>Every key id ever listed, oldest first. An id whose key was never stored is the caller's to skip.</summary>
    [Alias("List"), ReadOnly] Task<string[]> List();
}
