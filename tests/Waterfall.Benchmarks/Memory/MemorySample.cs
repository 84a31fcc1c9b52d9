using System.Diagnostics;
using System.Runtime;

namespace Waterfall.Benchmarks.Memory;

/// <summary>The process's memory after a full, compacting collection that returns what it can to the OS.</summary>
/// <param name="ManagedBytes">Live managed heap after the collection.</param>
/// <param name="WorkingSetBytes">Resident memory of the whole process (native included: SQLite, the runtime, code).</param>
/// <param name="WalletActivations">Wallet grains active in the silo at the time.</param>
public sealed record MemorySample(long ManagedBytes, long WorkingSetBytes, int WalletActivations)
{
    public static MemorySample Take(int walletActivations)
    {
        for (var i = 0; i < 2; i++)
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return new MemorySample(GC.GetTotalMemory(forceFullCollection: false), process.WorkingSet64, walletActivations);
    }
}
