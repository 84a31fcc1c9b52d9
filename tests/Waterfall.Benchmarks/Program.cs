using System.Globalization;
using System.Text.Json;
using Waterfall.Benchmarks;
using Waterfall.Silo.Hosting;
using Waterfall.Storage.Postgres;
using Waterfall.TestSupport;

// Our service and a conventional locked-row baseline, side by side on the same PostgreSQL, the same
// server and the same concurrency, alternating in one run; plus the no-op ceiling of this machine.
var options = BenchOptions.Parse(args);
if (options.Gateway) return await GatewayBenchmark.RunAsync(options);
if (options.Tail) return await TailBenchmark.RunAsync(options);
if (options.CopyTrial) return await Waterfall.Benchmarks.CopyTrial.CopyTrialBenchmark.RunAsync(options);
if (options.MemoryProbe is not null) return await Waterfall.Benchmarks.Memory.MemoryBenchmark.ProbeAsync(options);
if (options.Memory) return await Waterfall.Benchmarks.Memory.MemoryBenchmark.RunAsync(options);
var c = CultureInfo.InvariantCulture;
Console.WriteLine(string.Create(c, $"Waterfall benchmark: {Environment.ProcessorCount} cores, {options.Duration.TotalSeconds:0} s per run after {options.Warmup.TotalSeconds:0} s warm-up, {options.Rounds} round(s)"));
Console.WriteLine("Garbage collector: " + GarbageCollectorSettings.Describe());

await using var postgres = await PostgresServer.StartAsync(BenchPostgres.Options(options));
var baselineDatabase = await postgres.CreateDatabaseAsync("baseline");
var measurements = new List<Measurement>();

if (options.Serve is { } serve)
{
    var serveSettings = new Dictionary<string, string?> { ["Waterfall:Store:Kind"] = serve };
    if (serve == "embedded") serveSettings["Waterfall:Store:Embedded:Path"] = Path.Combine(Path.GetTempPath(), $"waterfall-serve-{Guid.NewGuid():N}", "ledger.db");
    else if (serve == "postgres")
    {
        var database = await postgres.CreateDatabaseAsync("waterfall_serve");
        await new PostgresMigrator().MigrateAsync(database);
        serveSettings["Waterfall:Store:Postgres:ConnectionString"] = database;
    }
    await using var served = await BenchServer.StartAsync(serveSettings, baselineDatabase);
    using var watch = new LedgerWatch(TimeSpan.FromSeconds(5));
    Console.WriteLine($"serving {serve} at {served.Grpc} (api key {BenchServer.ApiKey}, pid {Environment.ProcessId}); Ctrl+C to stop");
    var stop = new TaskCompletionSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
    using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
    {
        context.Cancel = true;
        stop.TrySetResult();
    });
    await stop.Task;
    return 0;
}

foreach (var store in options.Stores)
{
    var settings = new Dictionary<string, string?> { ["Waterfall:Store:Kind"] = store };
    string? dataDirectory = null;
    if (store == "embedded")
    {
        dataDirectory = Path.Combine(Path.GetTempPath(), $"waterfall-bench-{Guid.NewGuid():N}");
        settings["Waterfall:Store:Embedded:Path"] = Path.Combine(dataDirectory, "ledger.db");
    }
    else
    {
        var database = await postgres.CreateDatabaseAsync($"waterfall_{measurements.Count}");
        await new PostgresMigrator().MigrateAsync(database);
        settings["Waterfall:Store:Postgres:ConnectionString"] = database;
    }

    Console.WriteLine($"\n=== store: {store}");
    await using (var server = await BenchServer.StartAsync(settings, baselineDatabase))
    {
        async Task Run(string scenario, int agents, int wallets, double? rate = null) =>
            measurements.Add(await LoadGenProcess.RunAsync(server.Grpc, store, scenario, agents, wallets, options, rate));

        await Run("noop", 50, 1);
        for (var round = 0; round < options.Rounds; round++)
        {
            await Run("debit", 50, 1);
            await Run("baseline-debit", 50, 1);
            await Run("debit", 200, 10_000);
            await Run("baseline-debit", 200, 10_000);
            await Run("authorize-capture", 50, 100);
            await Run("baseline-authorize-capture", 50, 100);
            await Run("authorize-extend-capture", 50, 100);
            await Run("baseline-authorize-extend-capture", 50, 100);
            await Run("debit-batch", 8, 10_000);
        }
        var peak = measurements.Where(m => m.Store == store && m.Scenario == "debit" && m.Wallets == 10_000).Max(m => m.Throughput);
        // The tail's evidence: the server's GC, thread-pool and flush timeline beside the load generator's latency timeline.
        var timelinePath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(options.JsonPath ?? "bench-results.json"))!, $"bench-timeline-{store}.json");
        measurements.Add(await TimelineFile.RecordAsync(
            () => LoadGenProcess.RunAsync(server.Grpc, store, "debit", 200, 10_000, options, Math.Round(peak / 2)), timelinePath));
    }
    if (dataDirectory is not null && Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);
}

var report = BenchReport.From(measurements);
Console.WriteLine();
Console.WriteLine(report.ToText());
var jsonPath = options.JsonPath ?? "bench-results.json";
await ResultsFile.WriteSectionsAsync(jsonPath, new { report.Rows, report.Targets, measurements });
Console.WriteLine($"\nResults written to {Path.GetFullPath(jsonPath)}");
return measurements.Any(m => m.AuditPassed == false) ? 1 : 0;
