using System.Globalization;
using System.Text.Json;
using Waterfall.Silo.Hosting;
using Waterfall.Storage.Postgres;
using Waterfall.TestSupport;

namespace Waterfall.Benchmarks;

/// <summary>
/// The tail on its own, quick to repeat for before/after pairs: per store, the server in this process, open-loop debits
/// over 10,000 wallets at a fixed rate, a first pass (wallets cold) and a second over the same wallets (warm, their
/// history on the heap), each with the server's timeline recorded beside the load generator's.
/// </summary>
public static class TailBenchmark
{
    public const int Wallets = 10_000, Agents = 200;

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"Tail: {Environment.ProcessorCount} cores, {options.Rate:N0} debits/s over {Wallets:N0} wallets, {options.Duration.TotalSeconds:0} s per pass after {options.Warmup.TotalSeconds:0} s warm-up"));
        Console.WriteLine("Garbage collector: " + GarbageCollectorSettings.Describe());
        await using var postgres = await PostgresServer.StartAsync(BenchPostgres.Options(options));
        var baselineDatabase = await postgres.CreateDatabaseAsync("baseline");
        var directory = Path.GetDirectoryName(Path.GetFullPath(options.JsonPath ?? "bench-results-tail.json"))!;
        var measurements = new List<Measurement>();
        foreach (var store in options.Stores)
        {
            var settings = new Dictionary<string, string?> { ["Waterfall:Store:Kind"] = store };
            string? data = null;
            if (store == "embedded")
            {
                data = Path.Combine(Path.GetTempPath(), $"waterfall-tail-{Guid.NewGuid():N}");
                settings["Waterfall:Store:Embedded:Path"] = Path.Combine(data, "ledger.db");
            }
            else if (store == "postgres")
            {
                var database = await postgres.CreateDatabaseAsync($"waterfall_tail_{measurements.Count}");
                await new PostgresMigrator().MigrateAsync(database);
                settings["Waterfall:Store:Postgres:ConnectionString"] = database;
            }
            Console.WriteLine($"\n=== store: {store}");
            await using (var server = await BenchServer.StartAsync(settings, baselineDatabase))
            {
                var runId = Guid.NewGuid().ToString("N")[..8];
                for (var pass = 1; pass <= 2; pass++)
                {
                    var p = pass;
                    using var allocations = AllocationSampler.Enabled ? new AllocationSampler() : null;
                    var m = await TimelineFile.RecordAsync(
                        () => LoadGenProcess.RunAsync(server.Grpc, store, "debit", Agents, Wallets, options, options.Rate, runId, p),
                        Path.Combine(directory, $"bench-timeline-tail-{store}-pass{pass}.json"));
                    measurements.Add(m with { Scenario = pass == 1 ? "debit, cold wallets" : "debit, warm wallets" });
                    if (allocations is not null)
                        foreach (var (type, bytes, share) in allocations.Top(25))
                            Console.WriteLine(string.Create(c, $"  alloc {store} pass {pass}: {share,6:P1} {bytes / 1048576.0,8:0.0} MB  {type}"));
                }
            }
            if (data is not null && Directory.Exists(data)) Directory.Delete(data, recursive: true);
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(c, $"| {"pass",-20} | {"store",-8} | {"ops/s",7} | {"p50",6} | {"p99",7} | {"p99.9",7} | {"max",7} | {"lag p99",7} | {"GC paused",9} | {"max pause",9} | {"> 5 ms",6} | {"gen0/1/2",10} | {"flush p99",9} | {"alloc/op",8} |"));
        foreach (var m in measurements)
        {
            var s = m.Server!;
            Console.WriteLine(string.Create(c, $"| {m.Scenario,-20} | {m.Store,-8} | {m.Throughput,7:N0} | {m.P50,6:0.00} | {m.P99,7:0.00} | {m.P999,7:0.00} | {m.Max,7:0.00} | {m.LagP99 ?? 0,7:0.00} | {s.PausedMs,9:0.0} | {s.MaxPauseMs,9:0.00} | {s.PausesOver5Ms,6} | {$"{s.Gen0}/{s.Gen1}/{s.Gen2}",10} | {s.FlushP99Ms,9:0.00} | {s.AllocatedBytesPer((long)(m.Throughput * m.Seconds)),8:N0} |"));
        }
        var path = options.JsonPath ?? "bench-results-tail.json";
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(new { measurements }, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"\nResults written to {Path.GetFullPath(path)}");
        return measurements.Any(m => m.AuditPassed == false) ? 1 : 0;
    }
}
