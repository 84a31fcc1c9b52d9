using System.Collections.Concurrent;

namespace Waterfall.Contracts;

/// <summary>
/// Hands out wallet grain references, remembering them: <c>GetGrain</c> on a string key resolves the
/// grain type through reflection on every call, which the hot path cannot afford. Remembered by tenant and
/// wallet as given, so a call that finds its reference does not build the grain's key string. Bounded: the
/// cache is dropped whole when it grows past its limit.
/// </summary>
public sealed class WalletGrains(IGrainFactory grains)
{
    private const int Limit = 200_000;
    private ConcurrentDictionary<(string TenantId, string WalletId), IWalletGrain> _references = new();

    public IWalletGrain Get(string tenantId, string walletId)
    {
        var references = _references;
        if (references.TryGetValue((tenantId, walletId), out var wallet)) return wallet;
        if (references.Count >= Limit) _references = references = new();
        return references.GetOrAdd((tenantId, walletId),
            static (key, factory) => factory.GetGrain<IWalletGrain>(WalletGrainKey.For(key.TenantId, key.WalletId)), grains);
    }
}
