using Orleans.Concurrency;

namespace Waterfall.Contracts.Dashboard;

/// <summary>
/// The cluster's data-protection key ring (one grain, key <see cref="KeyRing.Key"/>): the XML of every key, kept in
/// the silo's grain storage, so a session cookie one silo protects is one every other silo of the cluster unprotects.
/// </summary>
[Alias("wf.IKeyRingGrain")]
public interface IKeyRingGrain : IGrainWithStringKey
{
    /// <summary>Every key element, oldest first.</summary>
    [Alias("Keys"), ReadOnly] Task<string[]> Keys();

    /// <summary>Adds a key element under its name; the same name again is kept as first stored (a key never changes once written).</summary>
    [Alias("Store")] Task Store(string name, string xml);
}

public static class KeyRing
{
    public const string Key = "dashboard";

    public static IKeyRingGrain DashboardKeyRing(this IGrainFactory grains) => grains.GetGrain<IKeyRingGrain>(Key);
}
