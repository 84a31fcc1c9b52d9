using System.Text.Json;
using System.Text.Json.Serialization;

namespace Waterfall.Benchmarks;

/// <summary>One load generator run, as it reported itself in JSON; with the server's timeline summary where one was recorded.</summary>
public sealed record Measurement(
    string Scenario, string Store, int Agents, int Wallets, double? Rate,
    double Throughput, double P50, double P90, double P99, double P999, double Max,
    IReadOnlyDictionary<string, long> Errors, bool? AuditPassed, string Audit,
    double? LagP99 = null, double? LagMax = null)
{
    /// <summary>Batch scenarios: accepted items per second (debits/s), beside <see cref="Throughput"/> in calls/s.</summary>
    public double? ItemThroughput { get; init; }

    /// <summary>The server's GC, thread-pool and flush summary over this run, when the benchmark recorded a timeline.</summary>
    public ServerTimelineSummary? Server { get; init; }

    /// <summary>The load generator's latency timeline (per 100 ms), as it wrote it; kept out of the results file, written beside it.</summary>
    [JsonIgnore]
    public JsonElement? Timeline { get; init; }

    /// <summary>When the load generator started measuring (after its set-up and warm-up), and for how long it measured.</summary>
    [JsonIgnore]
    public DateTime? MeasuredFromUtc { get; init; }
    [JsonIgnore]
    public double Seconds { get; init; }

    public static Measurement From(string json, string store, double? rate)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var latency = root.GetProperty("latency_ms");
        var lag = root.TryGetProperty("lag_ms", out var l) ? l : (JsonElement?)null;
        return new Measurement(
            root.GetProperty("scenario").GetString()!, store, root.GetProperty("agents").GetInt32(), root.GetProperty("wallets").GetInt32(), rate,
            root.GetProperty("throughput").GetDouble(),
            latency.GetProperty("p50").GetDouble(), latency.GetProperty("p90").GetDouble(), latency.GetProperty("p99").GetDouble(),
            latency.GetProperty("p999").GetDouble(), latency.GetProperty("max").GetDouble(),
            root.GetProperty("errors").EnumerateObject().ToDictionary(e => e.Name, e => e.Value.GetInt64()),
            root.TryGetProperty("audit_passed", out var passed) ? passed.GetBoolean() : null,
            root.GetProperty("audit").GetString()!,
            lag?.GetProperty("p99").GetDouble(), lag?.GetProperty("max").GetDouble())
        {
            Timeline = root.TryGetProperty("timeline", out var timeline) ? timeline.Clone() : null,
            MeasuredFromUtc = root.TryGetProperty("measured_from_utc", out var from) ? from.GetDateTime().ToUniversalTime() : null,
            Seconds = root.GetProperty("seconds").GetDouble(),
            ItemThroughput = root.TryGetProperty("item_throughput", out var items) && items.ValueKind == JsonValueKind.Number ? items.GetDouble() : null,
        };
    }
}
