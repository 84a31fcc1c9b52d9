using System.Diagnostics;
using System.Globalization;

namespace Waterfall.Benchmarks;

/// <summary>Runs Waterfall.LoadGen as its own process, exactly as a user would, and reads its JSON report.</summary>
public static class LoadGenProcess
{
    /// <summary>The load generator as a separate process, for the gateway benchmark.</summary>
    public static ILoadGen Separate { get; } = new SeparateProcess();

    public static async Task<Measurement> RunAsync(Uri target, string store, string scenario, int agents, int wallets, BenchOptions options, double? rate = null, string? runId = null, int? pass = null)
    {
        var args = new List<string>
        {
            "--target", target.ToString(), "--api-key", BenchServer.ApiKey, "--scenario", scenario,
            "--agents", agents.ToString(CultureInfo.InvariantCulture), "--wallets", wallets.ToString(CultureInfo.InvariantCulture),
            "--duration", $"{options.Duration.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s",
            "--warmup", $"{options.Warmup.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s",
            "--connections", "4", "--wallet-prefix", $"{store}-{scenario}",
        };
        if (rate is { } r) args.AddRange(["--rate", r.ToString("0", CultureInfo.InvariantCulture)]);
        if (runId is not null) args.AddRange(["--run-id", runId]);
        if (pass is { } p) args.AddRange(["--pass", p.ToString(CultureInfo.InvariantCulture)]);
        return Measurement.From(await RunJsonAsync(args), store, rate);
    }

    /// <summary>Runs the load generator with these arguments (and <c>--json</c>), prints what it printed, returns its JSON report.</summary>
    public static async Task<string> RunJsonAsync(IReadOnlyList<string> arguments)
    {
        var json = Path.Combine(Path.GetTempPath(), $"waterfall-bench-{Guid.NewGuid():N}.json");
        var start = new ProcessStartInfo("dotnet", [LoadGenDll(), .. arguments, "--json", json]) { RedirectStandardOutput = true, RedirectStandardError = true };
        // The load generator keeps its own GC: workstation, and not the silo's gen-0 budget that tests/bench sets.
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment.Remove("DOTNET_GCGen0MaxBudget");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Console.WriteLine((await stdout).TrimEnd());
        if (!File.Exists(json))
            throw new InvalidOperationException($"The load generator failed ({process.ExitCode}):\n{await stderr}");
        try
        {
            return await File.ReadAllTextAsync(json);
        }
        finally
        {
            File.Delete(json);
        }
    }

    private static string LoadGenDll() => BuiltPrograms.Dll("src", "Waterfall.LoadGen");

    private sealed class SeparateProcess : ILoadGen
    {
        public Task<string> RunAsync(IReadOnlyList<string> arguments) => RunJsonAsync(arguments);
    }
}
