using System.Diagnostics;
using System.Globalization;

namespace Waterfall.Benchmarks;

/// <summary>Runs Waterfall.LoadGen as its own process, exactly as a user would, and reads its JSON report.</summary>
public static class LoadGenProcess
{
    public static async Task<Measurement> RunAsync(Uri target, string store, string scenario, int agents, int wallets, BenchOptions options, double? rate = null)
    {
        var json = Path.Combine(Path.GetTempPath(), $"waterfall-bench-{Guid.NewGuid():N}.json");
        var args = new List<string>
        {
            LoadGenDll(), "--target", target.ToString(), "--api-key", BenchServer.ApiKey, "--scenario", scenario,
            "--agents", agents.ToString(CultureInfo.InvariantCulture), "--wallets", wallets.ToString(CultureInfo.InvariantCulture),
            "--duration", $"{options.Duration.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s",
            "--warmup", $"{options.Warmup.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s",
            "--connections", "4", "--wallet-prefix", $"{store}-{scenario}", "--json", json,
        };
        if (rate is { } r) args.AddRange(["--rate", r.ToString("0", CultureInfo.InvariantCulture)]);
        var start = new ProcessStartInfo("dotnet", args) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DOTNET_gcServer"] = "0";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Console.WriteLine((await stdout).TrimEnd());
        if (!File.Exists(json))
            throw new InvalidOperationException($"The load generator failed ({process.ExitCode}):\n{await stderr}");
        try
        {
            return Measurement.From(await File.ReadAllTextAsync(json), store, rate);
        }
        finally
        {
            File.Delete(json);
        }
    }

    private static string LoadGenDll()
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Waterfall.LoadGen", "bin", configuration, "net10.0", "Waterfall.LoadGen.dll");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("Waterfall.LoadGen.dll was not built next to the benchmark.");
    }
}
