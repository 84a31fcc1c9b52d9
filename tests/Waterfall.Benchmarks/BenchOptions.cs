using System.Globalization;

namespace Waterfall.Benchmarks;

public sealed record BenchOptions
{
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(3);
    public int Rounds { get; init; } = 2;
    public IReadOnlyList<string> Stores { get; init; } = ["embedded", "postgres"];
    /// <summary>Where the results go; by default bench-results.json, or bench-results-gateway.json with <see cref="Gateway"/>.</summary>
    public string? JsonPath { get; init; }

    /// <summary>Run only the gateway overhead benchmark: the same LLM calls to the fake provider directly and through the gateway.</summary>
    public bool Gateway { get; init; }

    /// <summary>Concurrent calls in the gateway benchmark.</summary>
    public int Concurrency { get; init; } = 200;

    /// <summary>HTTP version of the gateway benchmark's calls: 1.1, or 2 (cleartext, prior knowledge).</summary>
    public string HttpVersion { get; init; } = "1.1";

    /// <summary>Only start the server on this store and print its address, for ad-hoc load generator runs and profiling.</summary>
    public string? Serve { get; init; }

    /// <summary>
    /// Only the tail: per store (memory too), open-loop debits at <see cref="Rate"/> over 10,000 wallets, a cold pass and a
    /// warm second pass over the same wallets, each with the server's timeline recorded.
    /// </summary>
    public bool Tail { get; init; }

    /// <summary>The tail runs' open-loop rate (operations/s).</summary>
    public double Rate { get; init; } = 1_000;

    /// <summary>Run only the memory benchmark: silo memory with this many activated wallets, and after idle deactivation.</summary>
    public bool Memory { get; init; }

    /// <summary>How many wallets the memory benchmark activates, one run each.</summary>
    public IReadOnlyList<int> MemoryWallets { get; init; } = [100_000, 1_000_000];

    /// <summary>The largest run the memory benchmark also makes on the embedded store (the memory store takes every size).</summary>
    public int MemoryEmbeddedLimit { get; init; } = 100_000;

    /// <summary>Internal: one memory measurement in this process (store, wallets, keys kept or not), written to <see cref="JsonPath"/>.</summary>
    public string? MemoryProbe { get; init; }

    public bool MemoryKeepKeys { get; init; } = true;

    /// <summary>With <see cref="MemoryProbe"/>: stay this long with every wallet active, for a heap dump.</summary>
    public TimeSpan MemoryHoldActive { get; init; }

    /// <summary>Run only the binary COPY trial: the shipped batch statement against check + COPY in one transaction.</summary>
    public bool CopyTrial { get; init; }

    /// <summary>The COPY trial's batch sizes (rows, one debit per wallet).</summary>
    public IReadOnlyList<int> CopyBatchSizes { get; init; } = [100, 1_000];

    /// <summary>The COPY trial's measured batches per size and writer.</summary>
    public int CopyBatches { get; init; } = 40;

    /// <summary><c>--postgres-setting name=value</c> (repeatable): a <c>postgresql.conf</c> line for the throwaway server.</summary>
    public IReadOnlyDictionary<string, string> PostgresSettings { get; init; } = new Dictionary<string, string>();

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => args[++i];
            options = args[i] switch
            {
                "--duration" => options with { Duration = TimeSpan.FromSeconds(double.Parse(Next().TrimEnd('s'), CultureInfo.InvariantCulture)) },
                "--warmup" => options with { Warmup = TimeSpan.FromSeconds(double.Parse(Next().TrimEnd('s'), CultureInfo.InvariantCulture)) },
                "--rounds" => options with { Rounds = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--stores" => options with { Stores = Next().Split(',') },
                "--json" => options with { JsonPath = Next() },
                "--serve" => options with { Serve = Next() },
                "--gateway" => options with { Gateway = true },
                "--tail" => options with { Tail = true },
                "--rate" => options with { Rate = double.Parse(Next(), CultureInfo.InvariantCulture) is > 0 and var r ? r : throw new ArgumentException("--rate must be positive.") },
                "--concurrency" => options with { Concurrency = int.Parse(Next(), CultureInfo.InvariantCulture) is > 0 and var n ? n : throw new ArgumentException("--concurrency must be positive.") },
                "--http-version" => options with { HttpVersion = Next() is "1.1" or "2" ? args[i] : throw new ArgumentException("--http-version is 1.1 or 2.") },
                "--memory" => options with { Memory = true },
                "--wallets" => options with { MemoryWallets = Next().Split(',').Select(w => int.Parse(w.Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) is > 0 and var n ? n : throw new ArgumentException("--wallets takes positive counts, e.g. 100000,1000000.")).ToArray() },
                "--embedded-limit" => options with { MemoryEmbeddedLimit = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--memory-probe" => options with { MemoryProbe = Next() is "memory" or "embedded" ? args[i] : throw new ArgumentException("--memory-probe is memory or embedded.") },
                "--keys" => options with { MemoryKeepKeys = Next() switch { "kept" => true, "forgotten" => false, _ => throw new ArgumentException("--keys is kept or forgotten.") } },
                "--hold-active" => options with { MemoryHoldActive = TimeSpan.FromSeconds(double.Parse(Next().TrimEnd('s'), CultureInfo.InvariantCulture)) },
                "--postgres-setting" => options with { PostgresSettings = WithSetting(options.PostgresSettings, Next()) },
                "--copy-trial" => options with { CopyTrial = true },
                "--batch-sizes" => options with { CopyBatchSizes = Next().Split(',').Select(w => int.Parse(w.Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) is > 0 and <= 10_000 and var n ? n : throw new ArgumentException("--batch-sizes takes counts from 1 to 10,000, e.g. 100,1000.")).ToArray() },
                "--batches" => options with { CopyBatches = int.Parse(Next(), CultureInfo.InvariantCulture) is > 0 and var b ? b : throw new ArgumentException("--batches must be positive.") },
                "--quick" => options with { Duration = TimeSpan.FromSeconds(3), Warmup = TimeSpan.FromSeconds(1), Rounds = 1 },
                _ => throw new ArgumentException($"Unknown option {args[i]}: use --duration 10s --warmup 3s --rounds 2 --stores embedded,postgres --json FILE --quick --postgres-setting name=value | --serve embedded|postgres|memory | --memory [--wallets 100000,1000000 --embedded-limit 100000 --json FILE] | --tail [--rate 1000 --stores memory,embedded,postgres] | --copy-trial [--batch-sizes 100,1000 --batches 40] | --gateway [--quick --duration 10s --warmup 3s --rounds 2 --concurrency 200 --http-version 1.1|2 --json FILE]"),
            };
        }
        return options;
    }

    private static Dictionary<string, string> WithSetting(IReadOnlyDictionary<string, string> settings, string setting)
    {
        var parts = setting.Split('=', 2);
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            throw new ArgumentException($"--postgres-setting takes name=value (a postgresql.conf line), not {setting}.");
        return new Dictionary<string, string>(settings) { [parts[0]] = parts[1] };
    }
}
