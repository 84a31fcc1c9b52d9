using System.Globalization;
using System.Text;

namespace Waterfall.Benchmarks.Memory;

/// <summary>
/// The memory table: per store and wallet count, what an active wallet costs, how much of that is
/// its idempotency window (keys kept minus keys forgotten), and what idle deactivation gives back.
/// </summary>
public sealed record MemoryReport(IReadOnlyList<MemoryRow> Rows)
{
    /// <summary>The target: at most this much managed heap per idle-but-active wallet.</summary>
    public const long TargetBytesPerWallet = 4096;

    public static MemoryReport From(IReadOnlyList<MemoryRun> runs) =>
        new(runs.Where(r => r.KeepKeys)
            .Select(kept =>
            {
                var forgotten = runs.FirstOrDefault(r => !r.KeepKeys && r.Store == kept.Store && r.Wallets == kept.Wallets);
                long? window = forgotten is null ? null : kept.BytesPerWallet - forgotten.BytesPerWallet;
                return new MemoryRow(kept.Store, kept.Wallets, kept.BytesPerWallet, kept.WorkingSetPerWallet, window,
                    kept.GivenBackPerWallet, kept.BytesPerWalletAfterDeactivation, kept.Active.ManagedBytes, kept.Active.WorkingSetBytes,
                    kept.Active.WalletActivations, kept.TouchSeconds);
            })
            .ToList());

    public string ToText()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine("| store | wallets | bytes/wallet (managed) | working set/wallet | idempotency window | given back by idle deactivation | left after | managed heap | working set |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in Rows)
        {
            var window = r.IdempotencyBytesPerWallet is { } w ? string.Create(c, $"{w:N0} ({Share(w, r.BytesPerWallet)})") : "n/a";
            text.AppendLine(string.Create(c,
                $"| {r.Store} | {r.Wallets:N0} | {r.BytesPerWallet:N0} | {r.WorkingSetPerWallet:N0} | {window} | {r.GivenBackPerWallet:N0} | {r.LeftAfterDeactivationPerWallet:N0} | {Mb(r.ManagedBytes)} | {Mb(r.WorkingSetBytes)} |"));
        }
        text.AppendLine(string.Create(c, $"target: at most {TargetBytesPerWallet:N0} bytes per idle-but-active wallet; 1,000,000 wallets in this box's memory."));
        text.AppendLine("\"left after\" on the memory store is its journal, held in the same process.");
        return text.ToString();
    }

    private static string Share(long part, long whole) => whole <= 0 ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * part / whole:0}%");

    private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:N0} MB");
}

/// <param name="IdempotencyBytesPerWallet">Keys kept minus keys forgotten at once; null when only one was measured.</param>
public sealed record MemoryRow(
    string Store,
    int Wallets,
    long BytesPerWallet,
    long WorkingSetPerWallet,
    long? IdempotencyBytesPerWallet,
    long GivenBackPerWallet,
    long LeftAfterDeactivationPerWallet,
    long ManagedBytes,
    long WorkingSetBytes,
    int ActiveWallets,
    double TouchSeconds);
