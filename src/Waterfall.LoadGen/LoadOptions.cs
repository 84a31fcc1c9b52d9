using System.Globalization;

namespace Waterfall.LoadGen;

/// <summary>What to run, against what, how hard and for how long.</summary>
public sealed record LoadOptions
{
    public Uri Target { get; init; } = new("http://localhost:5080");
    public string ApiKey { get; init; } = "wf_demo_admin_key";
    public string Scenario { get; init; } = "debit";
    public int Agents { get; init; } = 50;
    public int Wallets { get; init; } = 1;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);
    public long? Count { get; init; }
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);
    public int Connections { get; init; } = 4;
    public string WalletPrefix { get; init; } = "lg";
    public long Price { get; init; } = 1_000;
    /// <summary>debit-batch: debits per <c>DebitBatch</c> call, over wallets drawn at random.</summary>
    public int BatchSize { get; init; } = 1_000;
    public bool Audit { get; init; } = true;
    public string? JsonPath { get; init; }
    public string RunId { get; init; } = Guid.NewGuid().ToString("N")[..8];
    /// <summary>
    /// A second (third…) pass over the same wallets of the same run id: its operations get keys of their own, so they
    /// are new debits on warm wallets, not replays, and its audit counts only them.
    /// </summary>
    public int? Pass { get; init; }
    /// <summary>What every idempotency key of this run starts with.</summary>
    public string KeyPrefix => Pass is { } pass ? $"{RunId}.{pass}-" : $"{RunId}-";
    /// <summary>Target throughput in operations per second; null for as fast as possible.</summary>
    public double? Rate { get; init; }

    /// <summary>Gateway scenarios: where the LLM calls go (the gateway's HTTP address, or the provider's root with <see cref="Direct"/>).</summary>
    public Uri? LlmUrl { get; init; }
    /// <summary>The key the LLM calls carry as <c>Authorization: Bearer</c>: a meter key (with the wallet in a header), or the provider's key.</summary>
    public string? LlmKey { get; init; }
    /// <summary>Gateway scenarios: call the provider at <see cref="LlmUrl"/> straight, no wallet, as the reference the gateway is compared to.</summary>
    public bool Direct { get; init; }
    public string Model { get; init; } = "gpt-4o-mini";
    public string Prompt { get; init; } = "Say something. fake:output=16";
    /// <summary>HTTP version of the LLM calls: 1.1, or 2 (cleartext with prior knowledge).</summary>
    public string HttpVersion { get; init; } = "1.1";

    public const string Usage = """
        Waterfall load generator: concurrent agents over many wallets against a Waterfall gRPC front door.

          dotnet run -c Release --project src/Waterfall.LoadGen -- [options]

          --target URL         gRPC address (default http://localhost:5080)
          --api-key KEY        an Admin key of the tenant to load (default: the demo key)
          --scenario NAME      debit | meter | authorize-capture | noop | baseline-debit | baseline-authorize-capture
                               | authorize-extend-capture (one operation = 5 calls: authorize, 3 extends, capture)
                               | baseline-authorize-extend-capture
                               | debit-batch (one operation = one DebitBatch of --batch-size debits over random wallets;
                               throughput also printed in debits/s)
                               | gateway-chat | gateway-stream (OpenAI chat completions over HTTP, see --llm-url)
          --agents N           concurrent agents (default 50)
          --wallets M          wallets the agents share (default 1)
          --duration 10s       how long to measure (after warm-up)
          --count N            or: how many operations to measure
          --warmup 2s          load before measuring starts
          --rate R             open-loop: aim for R operations/s instead of as fast as possible (prints the
                               generator's own lag; --json also carries a latency timeline per 100 ms)
          --run-id ID --pass P another pass over the wallets of run ID (new keys: warm wallets, not replays)
          --connections C      HTTP/2 connections to spread the agents over (default 4)
          --price NANOS        nano-dollars per debit (default 1000)
          --batch-size N       debit-batch: debits per DebitBatch call (default 1000)
          --no-audit           skip the ledger audit at the end
          --json FILE          also write the results as JSON

        Gateway scenarios (the wallets are created, funded and audited over gRPC at --target):
          --llm-url URL        the gateway's HTTP address (e.g. http://localhost:5082), or the provider's root with --direct
          --llm-key KEY        the key the calls carry (default: --api-key); the wallet goes in X-Waterfall-Wallet
          --direct             call the provider at --llm-url straight: no wallet, no audit (the reference)
          --model NAME         default gpt-4o-mini
          --prompt TEXT        the user message (default "Say something. fake:output=16")
          --http-version V     1.1 (default) or 2 (cleartext, prior knowledge)
        """;

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--target" => options with { Target = new Uri(Next()) },
                "--api-key" => options with { ApiKey = Next() },
                "--scenario" => options with { Scenario = Next() },
                "--agents" => options with { Agents = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--wallets" => options with { Wallets = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--duration" => options with { Duration = ParseDuration(Next()) },
                "--count" => options with { Count = long.Parse(Next(), CultureInfo.InvariantCulture) },
                "--warmup" => options with { Warmup = ParseDuration(Next()) },
                "--rate" => options with { Rate = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--connections" => options with { Connections = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--wallet-prefix" => options with { WalletPrefix = Next() },
                "--price" => options with { Price = long.Parse(Next(), CultureInfo.InvariantCulture) },
                "--batch-size" => options with { BatchSize = int.Parse(Next(), CultureInfo.InvariantCulture) is > 0 and var b ? b : throw new ArgumentException("--batch-size must be positive.") },
                "--no-audit" => options with { Audit = false },
                "--json" => options with { JsonPath = Next() },
                "--run-id" => options with { RunId = Next() },
                "--pass" => options with { Pass = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--llm-url" => options with { LlmUrl = new Uri(Next()) },
                "--llm-key" => options with { LlmKey = Next() },
                "--direct" => options with { Direct = true },
                "--model" => options with { Model = Next() },
                "--prompt" => options with { Prompt = Next() },
                "--http-version" => options with { HttpVersion = Next() is "1.1" or "2" ? args[i] : throw new ArgumentException("--http-version is 1.1 or 2.") },
                _ => throw new ArgumentException($"Unknown option {args[i]}.\n\n{Usage}"),
            };
        }
        if (options.Agents < 1 || options.Wallets < 1 || options.Connections < 1) throw new ArgumentException("agents, wallets and connections must be positive.");
        if (options.Scenario.StartsWith("gateway-", StringComparison.Ordinal) && options.LlmUrl is null)
            throw new ArgumentException($"The {options.Scenario} scenario needs --llm-url.");
        return options;
    }

    public static TimeSpan ParseDuration(string text) => text switch
    {
        _ when text.EndsWith("ms", StringComparison.Ordinal) => TimeSpan.FromMilliseconds(double.Parse(text[..^2], CultureInfo.InvariantCulture)),
        _ when text.EndsWith('s') => TimeSpan.FromSeconds(double.Parse(text[..^1], CultureInfo.InvariantCulture)),
        _ when text.EndsWith('m') => TimeSpan.FromMinutes(double.Parse(text[..^1], CultureInfo.InvariantCulture)),
        _ => TimeSpan.FromSeconds(double.Parse(text, CultureInfo.InvariantCulture)),
    };
}
