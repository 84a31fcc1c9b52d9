using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Waterfall.Benchmarks.Memory;

/// <summary>
/// <c>tests/bench --memory</c>: each configuration in a process of its own (so one run's heap and
/// working set never colour the next), keys kept and forgotten, the memory store at every size and
/// the embedded store up to its limit; prints the table and writes section "memory" of bench-results.json.
/// </summary>
public static class MemoryBenchmark
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static async Task<int> RunAsync(BenchOptions options)
    {
        Console.WriteLine($"Waterfall memory benchmark: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1073741824.0:N1} GiB available");
        var runs = new List<MemoryRun>();
        foreach (var wallets in options.MemoryWallets)
            foreach (var store in wallets <= options.MemoryEmbeddedLimit ? new[] { "memory", "embedded" } : ["memory"])
                foreach (var keepKeys in new[] { true, false })
                    runs.Add(await ProbeInOwnProcessAsync(store, wallets, keepKeys));

        var report = MemoryReport.From(runs);
        Console.WriteLine();
        Console.WriteLine(report.ToText());
        var path = options.JsonPath ?? "bench-results.json";
        await ResultsFile.WriteSectionsAsync(path, new { memory = new { report.Rows, runs } });
        Console.WriteLine($"Results written to section \"memory\" of {Path.GetFullPath(path)}");
        return 0;
    }

    /// <summary>The child's side: one measurement, its progress on stdout, the run as JSON in <see cref="BenchOptions.JsonPath"/>.</summary>
    public static async Task<int> ProbeAsync(BenchOptions options)
    {
        var run = await MemoryProbe.RunAsync(options.MemoryProbe!, options.MemoryWallets[0], options.MemoryKeepKeys, Console.Out, holdActive: options.MemoryHoldActive);
        await File.WriteAllTextAsync(options.JsonPath ?? throw new ArgumentException("--memory-probe needs --json FILE."), JsonSerializer.Serialize(run, Json));
        return 0;
    }

    private static async Task<MemoryRun> ProbeInOwnProcessAsync(string store, int wallets, bool keepKeys)
    {
        var json = Path.Combine(Path.GetTempPath(), $"waterfall-memory-{Guid.NewGuid():N}.json");
        var self = typeof(MemoryBenchmark).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [self, "--memory-probe", store, "--wallets", wallets.ToString(CultureInfo.InvariantCulture),
            "--keys", keepKeys ? "kept" : "forgotten", "--json", json]) { RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        try
        {
            if (process.ExitCode != 0 || !File.Exists(json))
                throw new InvalidOperationException($"The memory probe ({store}, {wallets:N0} wallets) failed ({process.ExitCode}):\n{await stderr}");
            return JsonSerializer.Deserialize<MemoryRun>(await File.ReadAllTextAsync(json))!;
        }
        finally
        {
            File.Delete(json);
        }
    }
}
