using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Waterfall.LoadGen;

/// <summary>What a run measured: throughput, latency percentiles (milliseconds), errors by reason, and the audit.</summary>
public sealed record LoadReport(
    string Scenario,
    string Target,
    int Agents,
    int Wallets,
    double Seconds,
    long Operations,
    long Accepted,
    double Throughput,
    double AcceptedThroughput,
    Percentiles LatencyMs,
    IReadOnlyDictionary<string, long> Errors,
    bool? AuditPassed,
    string Audit,
    Percentiles? FirstByteMs = null,
    long? Charged = null,
    long? Calls = null,
    Percentiles? LagMs = null,
    IReadOnlyList<TimelineBucket>? Timeline = null,
    DateTime? MeasuredFromUtc = null,
    int? ItemsPerOperation = null)
{
    /// <summary>Batch scenarios: accepted operations times their items (e.g. debits/s), the number a batch is judged by.</summary>
    public double? ItemThroughput => ItemsPerOperation is { } items ? AcceptedThroughput * items : null;

    public static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public string ToText()
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"scenario {Scenario}: {Agents} agents over {Wallets:N0} wallets against {Target}, {Seconds:0.0} s measured");
        text.AppendLine(c, $"  throughput   {Throughput,12:N0} ops/s   ({Operations:N0} operations, {Accepted:N0} accepted)");
        if (ItemThroughput is { } itemRate) text.AppendLine(c, $"  items        {itemRate,12:N0} debits/s ({ItemsPerOperation:N0} per operation)");
        text.AppendLine(c, $"  latency ms   p50 {LatencyMs.P50:0.000}  p90 {LatencyMs.P90:0.000}  p99 {LatencyMs.P99:0.000}  p99.9 {LatencyMs.P999:0.000}  max {LatencyMs.Max:0.000}");
        if (LagMs is { } lag)
            text.AppendLine(c, $"  generator lag ms  p50 {lag.P50:0.000}  p99 {lag.P99:0.000}  max {lag.Max:0.000}   (operation due and its agent free -> sent)");
        if (FirstByteMs is { } first)
            text.AppendLine(c, $"  first byte   p50 {first.P50:0.000}  p90 {first.P90:0.000}  p99 {first.P99:0.000}  p99.9 {first.P999:0.000}  max {first.Max:0.000}");
        text.AppendLine(Errors.Count == 0 ? "  errors       none" : $"  errors       {string.Join(", ", Errors.OrderByDescending(e => e.Value).Select(e => $"{e.Key} {e.Value:N0}"))}");
        text.Append(c, $"  audit        {(AuditPassed is null ? "skipped" : AuditPassed.Value ? "PASSED" : "FAILED")}: {Audit}");
        return text.ToString();
    }
}

public sealed record Percentiles(double P50, double P90, double P99, double P999, double Max, double Mean)
{
    public static Percentiles From(long[] ticks) => From(ticks, System.Diagnostics.Stopwatch.Frequency);

    /// <summary>Nearest-rank percentiles of these durations (sorted in place), in milliseconds.</summary>
    public static Percentiles From(long[] ticks, long frequency)
    {
        if (ticks.Length == 0) return new(0, 0, 0, 0, 0, 0);
        Array.Sort(ticks);
        double Ms(long t) => t * 1000.0 / frequency;
        double At(double q) => Ms(ticks[Math.Clamp((int)Math.Ceiling(q * ticks.Length) - 1, 0, ticks.Length - 1)]);
        return new(At(0.50), At(0.90), At(0.99), At(0.999), Ms(ticks[^1]), ticks.Average(t => Ms(t)));
    }
}
