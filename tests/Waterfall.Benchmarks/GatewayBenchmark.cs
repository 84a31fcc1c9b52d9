using System.Globalization;
using System.Text.Json;

namespace Waterfall.Benchmarks;

/// <summary>
/// The gateway's overhead: the same OpenAI chat calls (streamed and not) straight to the fake provider and through
/// the gateway, alternating in one run at the same concurrency; prints the table and checks that every gateway call
/// was answered in full and charged exactly once.
/// </summary>
public static class GatewayBenchmark
{
    /// <summary>The scenario name of the calls made one at a time before measuring: checked, charged, not in the table.</summary>
    public const string Prime = "prime";

    /// <summary><c>tests/bench --gateway</c>: the fake provider as a process, the silo here, the load as processes.</summary>
    public static async Task<int> RunAsync(BenchOptions options)
    {
        var settings = GatewaySettings.From(options);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Waterfall gateway benchmark: {Environment.ProcessorCount} cores, {settings.Concurrency} concurrent over HTTP/{settings.HttpVersion}, {settings.Duration.TotalSeconds:0} s per run after {settings.Warmup.TotalSeconds:0} s warm-up, {settings.Rounds} round(s); {settings.Model}, \"{settings.Prompt}\""));
        await using var fake = await FakeProviderProcess.StartAsync();
        await using var host = await GatewayBenchHost.StartAsync(fake.BaseUrl, FakeProviderProcess.Key);
        using var overhead = new OverheadWatch();
        var measurements = await MeasureAsync(host.Targets, settings, LoadGenProcess.Separate, overhead);
        var report = GatewayReport.From(measurements);
        Console.WriteLine();
        Console.WriteLine(report.ToText());
        var json = options.JsonPath ?? "bench-results-gateway.json";
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(new { settings = settings.Describe(), report.Rows, report.Targets, report.Charged, report.Calls, report.Correct, report.Problems, measurements }, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"\nResults written to {Path.GetFullPath(json)}");
        return report.Correct ? 0 : 1;
    }

    /// <summary>
    /// First a few calls one at a time each way (<see cref="Prime"/>), then each round: non-streaming direct, through
    /// the gateway, then streaming direct, through the gateway.
    /// </summary>
    public static async Task<IReadOnlyList<GatewayMeasurement>> MeasureAsync(GatewayTargets targets, GatewaySettings settings, ILoadGen loadGen, OverheadWatch? overhead = null)
    {
        var measurements = new List<GatewayMeasurement>();
        // The gateway loads its tokenizer's vocabulary on the first call, and every call arriving meanwhile blocks a
        // thread-pool thread on it; 200 at once starve the pool for seconds, which is start-up, not overhead.
        foreach (var route in new[] { "direct", "gateway" })
        {
            var prime = Arguments(targets, settings with { Concurrency = 1, Count = null }, GatewayReport.Chat, route, -1);
            prime.AddRange(["--count", "20", "--warmup", "0s"]);
            measurements.Add(GatewayMeasurement.From(await loadGen.RunAsync(prime), Prime, route, -1));
        }
        overhead?.Take();
        for (var round = 0; round < settings.Rounds; round++)
            foreach (var scenario in new[] { GatewayReport.Chat, GatewayReport.Stream })
                foreach (var route in new[] { "direct", "gateway" })
                {
                    overhead?.Take();
                    var json = await loadGen.RunAsync(Arguments(targets, settings, scenario, route, round));
                    var measurement = GatewayMeasurement.From(json, scenario, route, round);
                    if (route == "gateway" && overhead?.Take() is { } own)
                        measurement = measurement with { GatewayOwnP50 = own.P50, GatewayOwnP99 = own.P99 };
                    measurements.Add(measurement);
                }
        return measurements;
    }

    private static List<string> Arguments(GatewayTargets targets, GatewaySettings settings, string scenario, string route, int round)
    {
        var c = CultureInfo.InvariantCulture;
        var direct = route == "direct";
        var args = new List<string>
        {
            "--target", targets.Grpc.ToString(), "--api-key", targets.AdminKey,
            "--scenario", scenario == GatewayReport.Chat ? "gateway-chat" : "gateway-stream",
            "--agents", settings.Concurrency.ToString(c), "--wallets", "1", "--connections", "1",
            "--duration", $"{settings.Duration.TotalSeconds.ToString(c)}s", "--warmup", $"{settings.Warmup.TotalSeconds.ToString(c)}s",
            "--wallet-prefix", round < 0 ? "gw-prime" : $"gw-{scenario}-r{round}",
            "--llm-url", (direct ? targets.Provider : settings.HttpVersion == "2" ? targets.GatewayHttp2 : targets.Gateway).ToString(),
            "--llm-key", direct ? targets.ProviderKey : targets.MeterKey,
            "--model", settings.Model, "--prompt", settings.Prompt, "--http-version", settings.HttpVersion,
        };
        if (direct) args.Add("--direct");
        if (settings.Count is { } count) args.AddRange(["--count", count.ToString(c)]);
        return args;
    }
}

/// <summary>
/// How hard and how long the gateway benchmark loads, and with what call. With a <see cref="Count"/>, each run
/// measures that many calls after its warm-up instead of for <see cref="Duration"/>: a short run on a loaded box
/// still measures something.
/// </summary>
public sealed record GatewaySettings(int Concurrency, TimeSpan Duration, TimeSpan Warmup, int Rounds, string HttpVersion,
    string Model = "gpt-4o-mini", string Prompt = "Say something. fake:output=16", long? Count = null)
{
    public static GatewaySettings From(BenchOptions options) =>
        new(options.Concurrency, options.Duration, options.Warmup, options.Rounds, options.HttpVersion);

    public object Describe() => new { Concurrency, DurationSeconds = Duration.TotalSeconds, Count, WarmupSeconds = Warmup.TotalSeconds, Rounds, HttpVersion, Model, Prompt, Cores = Environment.ProcessorCount };
}
