using System.Text.Json;

namespace Waterfall.Benchmarks;

/// <summary>
/// One load generator run of the gateway benchmark: <paramref name="Scenario"/> <c>chat</c> or <c>stream</c>,
/// <paramref name="Route"/> <c>direct</c> (to the provider) or <c>gateway</c>. Latencies in milliseconds, to the
/// answer's last byte; first byte for streams. <paramref name="GatewayOwnP50"/>/<paramref name="GatewayOwnP99"/>:
/// the gateway's <c>waterfall.gateway.overhead</c> histogram over the run (warm-up included), when it was read.
/// </summary>
public sealed record GatewayMeasurement(
    string Scenario, string Route, int Round, int Concurrency,
    double Throughput, double P50, double P99, double Max, double? FirstByteP50, double? FirstByteP99,
    long Operations, IReadOnlyDictionary<string, long> Errors, bool Passed, string Audit, long? Charged, long? Calls,
    double? GatewayOwnP50 = null, double? GatewayOwnP99 = null)
{
    public static GatewayMeasurement From(string json, string scenario, string route, int round)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var latency = root.GetProperty("latency_ms");
        double? firstP50 = null, firstP99 = null;
        if (root.TryGetProperty("first_byte_ms", out var first))
        {
            firstP50 = first.GetProperty("p50").GetDouble();
            firstP99 = first.GetProperty("p99").GetDouble();
        }
        return new GatewayMeasurement(
            scenario, route, round, root.GetProperty("agents").GetInt32(),
            root.GetProperty("throughput").GetDouble(), latency.GetProperty("p50").GetDouble(), latency.GetProperty("p99").GetDouble(),
            latency.GetProperty("max").GetDouble(), firstP50, firstP99,
            root.GetProperty("operations").GetInt64(),
            root.GetProperty("errors").EnumerateObject().ToDictionary(e => e.Name, e => e.Value.GetInt64()),
            root.TryGetProperty("audit_passed", out var passed) && passed.GetBoolean(),
            root.GetProperty("audit").GetString()!,
            root.TryGetProperty("charged", out var charged) ? charged.GetInt64() : null,
            root.TryGetProperty("calls", out var calls) ? calls.GetInt64() : null);
    }

    /// <summary>Every call answered 200 in full, and (through the gateway) each charged exactly once.</summary>
    public bool Correct => Passed && Errors.Count == 0 && (Route == "direct" || Charged == Calls);
}
