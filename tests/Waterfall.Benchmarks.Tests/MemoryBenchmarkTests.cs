using Waterfall.Benchmarks.Memory;

namespace Waterfall.Benchmarks.Tests;

/// <summary>The memory benchmark's measuring code on a bounded run: that it produces its numbers, never how large they are.</summary>
public class MemoryBenchmarkTests
{
    [Fact]
    public async Task Activating_ten_thousand_wallets_measures_them_active_and_after_idle_deactivation()
    {
        var run = await MemoryProbe.RunAsync("memory", 10_000, keepKeys: true, TextWriter.Null);

        Assert.Equal(0, run.Baseline.WalletActivations);
        Assert.True(run.Active.WalletActivations >= 10_000, $"{run.Active.WalletActivations} wallets were active");
        Assert.True(run.Deactivated.WalletActivations <= 1, $"{run.Deactivated.WalletActivations} wallets were still active");
        Assert.All(new[] { run.Baseline, run.Active, run.Deactivated }, s =>
        {
            Assert.True(s.ManagedBytes > 0);
            Assert.True(s.WorkingSetBytes > 0);
        });
        Assert.True(run.TouchSeconds > 0);
    }

    [Fact]
    public void The_report_takes_the_window_share_from_the_run_that_forgot_its_keys()
    {
        MemoryRun Run(string store, bool keep, long active) => new(store, 1_000, keep,
            new MemorySample(1_000_000, 2_000_000, 0), new MemorySample(active, 2_000_000 + 2 * (active - 1_000_000), 1_000),
            new MemorySample(1_500_000, 2_600_000, 0), 1.5);

        var report = MemoryReport.From([Run("memory", true, 5_000_000), Run("memory", false, 4_000_000), Run("embedded", true, 4_000_000)]);

        var memory = Assert.Single(report.Rows, r => r.Store == "memory");
        Assert.Equal(4_000, memory.BytesPerWallet);
        Assert.Equal(1_000, memory.IdempotencyBytesPerWallet);
        Assert.Equal(3_500, memory.GivenBackPerWallet);
        Assert.Equal(500, memory.LeftAfterDeactivationPerWallet);
        Assert.Null(Assert.Single(report.Rows, r => r.Store == "embedded").IdempotencyBytesPerWallet);
        Assert.Contains("| memory | 1,000 | 4,000 | 8,000 | 1,000 (25%) | 3,500 | 500 |", report.ToText(), StringComparison.Ordinal);
    }
}
