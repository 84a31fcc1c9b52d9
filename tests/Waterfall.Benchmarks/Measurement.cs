using System.Text.Json;

namespace Waterfall.Benchmarks;

/// <summary>One load generator run, as it reported itself in JSON.</summary>
public sealed record Measurement(
    string Scenario, string Store, int Agents, int Wallets, double? Rate,
    double Throughput, double P50, double P90, double P99, double P999, double Max,
    IReadOnlyDictionary<string, long> Errors, bool? AuditPassed, string Audit)
{
    public static Measurement From(string json, string store, double? rate)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var latency = root.GetProperty("latency_ms");
        return new Measurement(
            root.GetProperty("scenario").GetString()!, store, root.GetProperty("agents").GetInt32(), root.GetProperty("wallets").GetInt32(), rate,
            root.GetProperty("throughput").GetDouble(),
            latency.GetProperty("p50").GetDouble(), latency.GetProperty("p90").GetDouble(), latency.GetProperty("p99").GetDouble(),
            latency.GetProperty("p999").GetDouble(), latency.GetProperty("max").GetDouble(),
            root.GetProperty("errors").EnumerateObject().ToDictionary(e => e.Name, e => e.Value.GetInt64()),
            root.TryGetProperty("audit_passed", out var passed) ? passed.GetBoolean() : null,
            root.GetProperty("audit").GetString()!);
    }
}
