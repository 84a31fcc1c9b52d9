using Waterfall.Benchmarks;
using Waterfall.FakeProvider;

namespace Waterfall.Benchmarks.Tests;

public class GatewayBenchmarkTests
{
    [Fact]
    public async Task A_short_gateway_run_answers_every_call_charges_each_gateway_call_once_and_reports_both_scenarios()
    {
        await using var fake = await FakeProviderServer.StartAsync();
        await using var host = await GatewayBenchHost.StartAsync(fake.BaseUrl, FakeProviderOptions.DefaultOpenAIKey);
        using var overhead = new OverheadWatch();
        var settings = new GatewaySettings(Concurrency: 4, Duration: TimeSpan.FromSeconds(1), Warmup: TimeSpan.FromSeconds(0.2), Rounds: 1, HttpVersion: "1.1", Count: 24);

        var measurements = await GatewayBenchmark.MeasureAsync(host.Targets, settings, new InProcessLoadGen(), overhead);
        var report = GatewayReport.From(measurements);

        Assert.True(report.Correct, string.Join("\n", report.Problems));
        Assert.All(measurements, m => Assert.Empty(m.Errors));
        Assert.All(measurements.Where(m => m.Round >= 0), m => Assert.True(m.Operations >= 24, $"{m.Scenario} {m.Route} measured {m.Operations} calls, not the 24 asked for"));
        Assert.True(report.Calls > 0);
        Assert.Equal(report.Calls, report.Charged);
        Assert.Contains(report.Rows, r => r.Scenario.StartsWith("non-streaming chat", StringComparison.Ordinal) && r.DirectThroughput > 0 && r.GatewayThroughput > 0);
        Assert.Contains(report.Rows, r => r.Scenario.StartsWith("streaming chat, to the last byte", StringComparison.Ordinal) && r.DirectThroughput > 0 && r.GatewayThroughput > 0);
        Assert.Contains(report.Rows, r => r.Scenario.StartsWith("streaming chat, to the first byte", StringComparison.Ordinal));
        Assert.All(measurements.Where(m => m.Route == "gateway" && m.Round >= 0), m => Assert.NotNull(m.GatewayOwnP50));
        Assert.Contains(measurements, m => m.Scenario == GatewayBenchmark.Prime && m.Route == "gateway" && m.Charged == m.Calls);
        // Seen from the provider's side: every call, direct or through the gateway, reached it exactly once.
        var made = measurements.Sum(m => m.Calls ?? 0);
        Assert.Equal(made, fake.Requests.Count(r => r.Path == "/v1/chat/completions"));
        Assert.Contains("charged", report.ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_with_a_gateway_call_left_uncharged_is_reported_as_failed()
    {
        GatewayMeasurement Run(string scenario, string route, long charged, long calls) => new(
            scenario, route, 0, 4, 100, 1, 2, 3, null, null, 100, new Dictionary<string, long>(), Passed: true, "audit",
            route == "gateway" ? charged : null, calls);

        var report = GatewayReport.From([
            Run(GatewayReport.Chat, "direct", 0, 120), Run(GatewayReport.Chat, "gateway", 119, 120),
            Run(GatewayReport.Stream, "direct", 0, 120), Run(GatewayReport.Stream, "gateway", 120, 120)]);

        Assert.False(report.Correct);
        Assert.Equal(239, report.Charged);
        Assert.Equal(240, report.Calls);
        Assert.Contains(report.Problems, p => p.StartsWith("chat gateway", StringComparison.Ordinal));
        Assert.Contains("charged 239 of 240 calls", report.ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_missing_a_scenario_is_reported_as_failed()
    {
        var report = GatewayReport.From([
            new(GatewayReport.Chat, "direct", 0, 4, 100, 1, 2, 3, null, null, 100, new Dictionary<string, long>(), true, "audit", null, 120),
            new(GatewayReport.Chat, "gateway", 0, 4, 90, 2, 3, 4, null, null, 90, new Dictionary<string, long>(), true, "audit", 110, 110)]);

        Assert.False(report.Correct);
        Assert.Contains(report.Problems, p => p.StartsWith("stream", StringComparison.Ordinal));
    }
}
