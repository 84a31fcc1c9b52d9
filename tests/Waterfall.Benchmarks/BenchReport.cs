using System.Globalization;
using System.Text;

namespace Waterfall.Benchmarks;

/// <summary>The table: each scenario, ours against the baseline, best of the rounds; and the targets.</summary>
public sealed record BenchReport(IReadOnlyList<BenchRow> Rows, IReadOnlyList<TargetCheck> Targets)
{
    public static BenchReport From(IReadOnlyList<Measurement> measurements)
    {
        var rows = new List<BenchRow>();
        foreach (var store in measurements.Select(m => m.Store).Distinct())
        {
            Measurement Best(string scenario, int wallets) =>
                measurements.Where(m => m.Store == store && m.Scenario == scenario && m.Wallets == wallets && m.Rate is null).MaxBy(m => m.Throughput)!;
            rows.Add(Row("hot wallet (1 wallet, 50 concurrent)", store, Best("debit", 1), Best("baseline-debit", 1)));
            rows.Add(Row("spread (10,000 wallets, 200 concurrent)", store, Best("debit", 10_000), Best("baseline-debit", 10_000)));
            rows.Add(Row("authorize+capture (100 wallets, 50 concurrent)", store, Best("authorize-capture", 100), Best("baseline-authorize-capture", 100)));
            rows.Add(Row("authorize+3 extends+capture, 5 calls per op (100 wallets, 50 concurrent)", store,
                Best("authorize-extend-capture", 100), Best("baseline-authorize-extend-capture", 100)));
            if (measurements.Where(m => m.Store == store && m.Scenario == "debit-batch").MaxBy(m => m.ItemThroughput) is { } batch)
                rows.Add(new BenchRow("batched debits/s (DebitBatch of 1,000, 10,000 wallets, 8 concurrent)", store, batch.ItemThroughput ?? 0, batch.P50, batch.P99, null, null, null, null, batch.P999, batch.Max));
            var half = measurements.First(m => m.Store == store && m.Rate is not null);
            rows.Add(new BenchRow($"spread at half of peak ({half.Rate:N0}/s)", store, half.Throughput, half.P50, half.P99, null, null, null, null, half.P999, half.Max)
            {
                LagP99 = half.LagP99, LagMax = half.LagMax, Server = half.Server,
            });
            var noop = measurements.First(m => m.Store == store && m.Scenario == "noop");
            rows.Add(new BenchRow("ceiling: no-op gRPC call (50 concurrent)", store, noop.Throughput, noop.P50, noop.P99, null, null, null, null, noop.P999, noop.Max));
        }

        var targets = new List<TargetCheck>();
        var pgHot = rows.FirstOrDefault(r => r.Store == "postgres" && r.Scenario.StartsWith("hot", StringComparison.Ordinal));
        if (pgHot is not null) targets.Add(new("hot wallet on PostgreSQL >= 20x the baseline", pgHot.Ratio!.Value >= 20, $"{pgHot.Ratio:0.0}x"));
        foreach (var row in rows.Where(r => r.Scenario.StartsWith("authorize+capture", StringComparison.Ordinal)))
            targets.Add(new($"authorize + capture >= 10x the baseline's ({row.Store})", row.Ratio!.Value >= 10, $"{row.Ratio:0.0}x"));
        foreach (var row in rows.Where(r => r.Scenario.StartsWith("spread (", StringComparison.Ordinal)))
            targets.Add(new($">= 20,000 durable debits/s over 10,000 wallets ({row.Store})", row.Throughput >= 20_000, $"{row.Throughput:N0}/s"));
        foreach (var row in rows.Where(r => r.Scenario.StartsWith("spread at half", StringComparison.Ordinal)))
        {
            targets.Add(new($"p99 <= 5 ms at half of peak ({row.Store})", row.P99 <= 5, $"p99 {row.P99:0.00} ms"));
            targets.Add(new($"p99.9 <= 20 ms at half of peak ({row.Store})", row.P999 <= 20, $"p99.9 {row.P999:0.00} ms"));
        }
        foreach (var row in rows.Where(r => r.Scenario.StartsWith("batched", StringComparison.Ordinal)))
            targets.Add(new($">= 100,000 batched debits/s ({row.Store})", row.Throughput >= 100_000, $"{row.Throughput:N0} debits/s (latency per batch call)"));
        foreach (var store in rows.Select(r => r.Store).Distinct())
        {
            var debit = rows.First(r => r.Store == store && r.Scenario.StartsWith("spread (", StringComparison.Ordinal)).Throughput;
            var ceiling = rows.First(r => r.Store == store && r.Scenario.StartsWith("ceiling", StringComparison.Ordinal)).Throughput;
            targets.Add(new($"debit throughput >= 50% of the no-op ceiling ({store})", debit >= ceiling / 2, $"{100 * debit / ceiling:0}%"));
        }
        return new BenchReport(rows, targets);
    }

    private static BenchRow Row(string scenario, string store, Measurement ours, Measurement baseline) =>
        new(scenario, store, ours.Throughput, ours.P50, ours.P99, baseline.Throughput, baseline.P50, baseline.P99, ours.Throughput / baseline.Throughput, ours.P999, ours.Max);

    public string ToText()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"| {"scenario",-48} | {"store",-8} | {"ours ops/s",10} | {"p50 ms",7} | {"p99 ms",7} | {"p99.9 ms",8} | {"max ms",7} | {"baseline ops/s",14} | {"p50 ms",7} | {"p99 ms",7} | {"ratio",6} |");
        text.AppendLine(c, $"|{new string('-', 50)}|{new string('-', 10)}|{new string('-', 12)}|{new string('-', 9)}|{new string('-', 9)}|{new string('-', 10)}|{new string('-', 9)}|{new string('-', 16)}|{new string('-', 9)}|{new string('-', 9)}|{new string('-', 8)}|");
        foreach (var r in Rows)
            text.AppendLine(c, $"| {r.Scenario,-48} | {r.Store,-8} | {r.Throughput,10:N0} | {r.P50,7:0.00} | {r.P99,7:0.00} | {r.P999,8:0.00} | {r.Max,7:0.00} | {Opt(r.BaselineThroughput, "N0"),14} | {Opt(r.BaselineP50, "0.00"),7} | {Opt(r.BaselineP99, "0.00"),7} | {(r.Ratio is { } x ? $"{x:0.0}x" : ""),6} |");
        text.AppendLine();
        foreach (var r in Rows.Where(r => r.Server is not null || r.LagMax is not null))
        {
            text.AppendLine(c, $"  {r.Scenario} ({r.Store}): p99 {r.P99:0.00} / p99.9 {r.P999:0.00} / max {r.Max:0.00} ms; load generator lag p99 {Opt(r.LagP99, "0.00")} / max {Opt(r.LagMax, "0.00")} ms");
            if (r.Server is { } server) text.AppendLine(c, $"    {server.ToText()}");
        }
        text.AppendLine();
        foreach (var t in Targets) text.AppendLine(c, $"  [{(t.Met ? "MET" : "NOT MET"),-7}] {t.Target}: {t.Measured}");
        return text.ToString();
    }

    private static string Opt(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "";
}

public sealed record BenchRow(
    string Scenario, string Store, double Throughput, double P50, double P99, double? BaselineThroughput, double? BaselineP50, double? BaselineP99, double? Ratio,
    double P999 = 0, double Max = 0)
{
    /// <summary>Open-loop rows: how late the load generator itself started operations (p99 and worst, ms).</summary>
    public double? LagP99 { get; init; }
    public double? LagMax { get; init; }

    /// <summary>The server's GC, thread-pool and flush summary over the run, where it was recorded.</summary>
    public ServerTimelineSummary? Server { get; init; }
}

public sealed record TargetCheck(string Target, bool Met, string Measured);
