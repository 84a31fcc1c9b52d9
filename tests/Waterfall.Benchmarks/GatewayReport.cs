using System.Globalization;
using System.Text;

namespace Waterfall.Benchmarks;

/// <summary>
/// The gateway overhead table: each scenario straight to the provider and through the gateway (best of the rounds
/// by throughput), what the gateway added, the targets, and whether every gateway call was charged exactly once.
/// </summary>
public sealed record GatewayReport(IReadOnlyList<GatewayRow> Rows, IReadOnlyList<TargetCheck> Targets, long Charged, long Calls, bool Correct, IReadOnlyList<string> Problems)
{
    public const string Chat = "chat";
    public const string Stream = "stream";

    public static GatewayReport From(IReadOnlyList<GatewayMeasurement> measurements)
    {
        var rows = new List<GatewayRow>();
        GatewayMeasurement? Best(string scenario, string route) =>
            measurements.Where(m => m.Scenario == scenario && m.Route == route).MaxBy(m => m.Throughput);
        foreach (var (scenario, label) in new[] { (Chat, "non-streaming chat"), (Stream, "streaming chat, to the last byte") })
        {
            if (Best(scenario, "direct") is not { } direct || Best(scenario, "gateway") is not { } gateway) continue;
            rows.Add(new GatewayRow($"{label} ({gateway.Concurrency} concurrent)", direct.Throughput, direct.P50, direct.P99,
                gateway.Throughput, gateway.P50, gateway.P99, gateway.P50 - direct.P50, gateway.P99 - direct.P99, gateway.GatewayOwnP50, gateway.GatewayOwnP99));
            if (scenario == Stream && direct.FirstByteP50 is { } d50 && direct.FirstByteP99 is { } d99 && gateway.FirstByteP50 is { } g50 && gateway.FirstByteP99 is { } g99)
                rows.Add(new GatewayRow("streaming chat, to the first byte", null, d50, d99, null, g50, g99, g50 - d50, g99 - d99, null, null));
        }

        var targets = new List<TargetCheck>();
        foreach (var row in rows.Where(r => r.DirectThroughput is not null))
            targets.Add(new($"added p99 <= 5 ms: {row.Scenario}", row.AddedP99 <= 5, $"{row.AddedP99:0.00} ms"));
        if (rows.FirstOrDefault(r => r.Scenario.StartsWith("non-streaming", StringComparison.Ordinal)) is { } chat)
            targets.Add(new(">= 2,000 metered calls/s non-streaming", chat.GatewayThroughput >= 2_000, $"{chat.GatewayThroughput:N0}/s"));

        var throughGateway = measurements.Where(m => m.Route == "gateway").ToList();
        var problems = measurements.Where(m => !m.Correct)
            .Select(m => $"{m.Scenario} {m.Route}{(m.Round >= 0 ? $" round {m.Round + 1}" : "")}: {(m.Errors.Count > 0 ? string.Join(", ", m.Errors.Select(e => $"{e.Key} {e.Value:N0}")) + "; " : "")}{m.Audit}")
            .ToList();
        foreach (var scenario in new[] { Chat, Stream })
            if (!measurements.Any(m => m.Scenario == scenario && m.Route == "direct") || !measurements.Any(m => m.Scenario == scenario && m.Route == "gateway"))
                problems.Add($"{scenario}: not measured both directly and through the gateway");
        return new GatewayReport(rows, targets, throughGateway.Sum(m => m.Charged ?? 0), throughGateway.Sum(m => m.Calls ?? 0), problems.Count == 0, problems);
    }

    public string ToText()
    {
        var c = CultureInfo.InvariantCulture;
        string Ms(double? value) => value is { } v ? v.ToString("0.00", c) : "";
        string PerSecond(double? value) => value is { } v ? v.ToString("N0", c) : "";
        var text = new StringBuilder();
        text.AppendLine(c, $"| {"scenario",-44} | {"direct calls/s",14} | {"p50 ms",7} | {"p99 ms",7} | {"gateway calls/s",15} | {"p50 ms",7} | {"p99 ms",7} | {"added p50",9} | {"added p99",9} | {"own p50",7} | {"own p99",7} |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in Rows)
            text.AppendLine(c, $"| {r.Scenario,-44} | {PerSecond(r.DirectThroughput),14} | {Ms(r.DirectP50),7} | {Ms(r.DirectP99),7} | {PerSecond(r.GatewayThroughput),15} | {Ms(r.GatewayP50),7} | {Ms(r.GatewayP99),7} | {Ms(r.AddedP50),9} | {Ms(r.AddedP99),9} | {Ms(r.GatewayOwnP50),7} | {Ms(r.GatewayOwnP99),7} |");
        text.AppendLine();
        text.AppendLine("(own: the gateway's waterfall.gateway.overhead histogram, its time on top of the provider's, over the run)");
        text.AppendLine();
        text.AppendLine("Targets (measured, not asserted):");
        foreach (var t in Targets) text.AppendLine(c, $"  [{(t.Met ? "met" : "not met")}] {t.Target}: {t.Measured}");
        text.AppendLine();
        text.Append(c, $"charged {Charged:N0} of {Calls:N0} calls");
        if (Correct) text.Append(" (every gateway call answered 200 in full and captured exactly once)");
        else text.Append(c, $" — FAILED:\n  {string.Join("\n  ", Problems)}");
        return text.ToString();
    }
}

/// <summary>One line of the table; milliseconds; throughputs are calls per second (empty on the first-byte line).</summary>
public sealed record GatewayRow(
    string Scenario, double? DirectThroughput, double DirectP50, double DirectP99,
    double? GatewayThroughput, double GatewayP50, double GatewayP99, double AddedP50, double AddedP99,
    double? GatewayOwnP50, double? GatewayOwnP99);
