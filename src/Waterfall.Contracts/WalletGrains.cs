using System.Collections.Concurrent;

namespace Waterfall.Contracts;

/// <summary>
/// Hands out wallet grain references, remembering them: <c>GetGrain</c> on a string key resolves the
/// grain type through reflection on every call, which the hot path cannot afford. Bounded: the cache
/// is dropped whole when it grows past its limit.
/// </summary>
public sealed class WalletGrains(IGrainFactory grains)
{
    private const int Limit = 200_000;
    private ConcurrentDictionary<string, IWalletGrain> _references = new(StringComparer.Ordinal);

    public IWalletGrain Get(string tenantId, string walletId)
    {
        var key = WalletGrainKey.For(tenantId, walletId);
        var references = _references;
        if (references.TryGetValue(key, out var wallet)) return wallet;
        if (references.Count >= Limit) _references = references = new(StringComparer.Ordinal);
        return references.GetOrAdd(key, static (k, factory) => factory.GetGrain<IWalletGrain>(k), grains);
    }
}
