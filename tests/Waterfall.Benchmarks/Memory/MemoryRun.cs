namespace Waterfall.Benchmarks.Memory;

/// <summary>
/// One configuration measured: a store, a number of wallets, idempotency keys kept (as in
/// production) or forgotten at once (to tell the window's share).
/// </summary>
public sealed record MemoryRun(
    string Store,
    int Wallets,
    bool KeepKeys,
    MemorySample Baseline,
    MemorySample Active,
    MemorySample Deactivated,
    double TouchSeconds)
{
    /// <summary>Managed heap each active wallet adds, over the silo with no wallets.</summary>
    public long BytesPerWallet => PerWallet(Active.ManagedBytes - Baseline.ManagedBytes);

    public long WorkingSetPerWallet => PerWallet(Active.WorkingSetBytes - Baseline.WorkingSetBytes);

    /// <summary>What each wallet still costs once its activation is gone: on the memory store, its journal.</summary>
    public long BytesPerWalletAfterDeactivation => PerWallet(Deactivated.ManagedBytes - Baseline.ManagedBytes);

    /// <summary>What idle deactivation gives back per wallet: the activation itself.</summary>
    public long GivenBackPerWallet => PerWallet(Active.ManagedBytes - Deactivated.ManagedBytes);

    private long PerWallet(long bytes) => Wallets == 0 ? 0 : bytes / Wallets;
}
