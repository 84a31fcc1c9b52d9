using System.Diagnostics;
using Grpc.Core;
using Waterfall.Client;
using Waterfall.LoadGen.Scenarios;

namespace Waterfall.LoadGen;

/// <summary>
/// Runs agents against a scenario: each agent loops, picking the next wallet in turn and a fresh
/// idempotency key. Latency is measured per operation; with a target rate, from the moment the
/// operation was due (so a stall is charged to every operation it delayed).
/// </summary>
public sealed class LoadRunner(LoadOptions options)
{
    private sealed class Agent
    {
        public readonly List<OperationSample> Samples = new(4096);
        public readonly List<long> FirstBytes = [];
        public readonly Dictionary<string, long> Errors = [];
        public readonly Dictionary<string, List<string>> Acknowledged = [];
        public long Operations;
        public long Accepted;
    }

    public IReadOnlyList<string> WalletIds { get; } = Enumerable.Range(0, options.Wallets).Select(i => $"{options.WalletPrefix}-{options.RunId}-{i}").ToList();

    public async Task<LoadReport> RunAsync(IScenario scenario, IReadOnlyList<Connection> connections, CancellationToken cancellationToken)
    {
        await scenario.SetupAsync(cancellationToken);

        var agents = Enumerable.Range(0, options.Agents).Select(_ => new Agent()).ToArray();
        long nextWallet = -1, measured = 0;
        var started = Stopwatch.GetTimestamp();
        var measureFrom = started + (long)(options.Warmup.TotalSeconds * Stopwatch.Frequency);
        var measureUntil = options.Count is null ? measureFrom + (long)(options.Duration.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        var interval = options.Rate is { } rate ? (long)(Stopwatch.Frequency * options.Agents / rate) : 0;
        var measuring = Stopwatch.StartNew();

        async Task AgentLoop(int index)
        {
            var agent = agents[index];
            var connection = connections[index % connections.Count];
            var due = started + (interval == 0 ? 0 : interval * index / options.Agents);
            var previousEnd = started;
            for (var n = 0; ; n++)
            {
                if (interval > 0)
                {
                    due += interval;
                    var wait = due - Stopwatch.GetTimestamp();
                    if (wait > 0) await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), cancellationToken);
                }
                var begin = interval > 0 ? due : Stopwatch.GetTimestamp();
                var ready = Math.Max(begin, previousEnd);
                if (begin >= measureUntil || (options.Count is { } count && Interlocked.Read(ref measured) >= count)) return;
                var wallet = WalletIds[(int)((ulong)Interlocked.Increment(ref nextWallet) % (ulong)WalletIds.Count)];
                var key = $"{options.KeyPrefix}{index}-{n}";
                string? error;
                long firstByte = 0;
                var sent = interval > 0 ? Stopwatch.GetTimestamp() : begin;
                try
                {
                    if (scenario is IFirstByteScenario timed) (error, firstByte) = await timed.RunTimedAsync(connection, wallet, key, cancellationToken);
                    else error = await scenario.RunAsync(connection, wallet, key, cancellationToken);
                }
                catch (WaterfallException ex)
                {
                    error = ex.Reason;
                }
                catch (RpcException ex)
                {
                    error = ex.StatusCode.ToString().ToUpperInvariant();
                }
                var end = Stopwatch.GetTimestamp();
                previousEnd = end;
                if (error is null)
                {
                    if (!agent.Acknowledged.TryGetValue(wallet, out var keys)) agent.Acknowledged[wallet] = keys = [];
                    keys.Add(key);
                }
                if (begin < measureFrom) continue;
                Interlocked.Increment(ref measured);
                agent.Operations++;
                agent.Samples.Add(new OperationSample(begin, ready, sent, end));
                if (firstByte > 0) agent.FirstBytes.Add(firstByte - begin);
                if (error is null) agent.Accepted++;
                else agent.Errors[error] = agent.Errors.GetValueOrDefault(error) + 1;
            }
        }

        await Task.WhenAll(Enumerable.Range(0, options.Agents).Select(i => Task.Run(() => AgentLoop(i), cancellationToken)));
        var seconds = (Stopwatch.GetTimestamp() - Math.Min(measureFrom, Stopwatch.GetTimestamp())) / (double)Stopwatch.Frequency;
        if (options.Count is null) seconds = Math.Min(seconds, options.Duration.TotalSeconds);

        var acknowledged = new Dictionary<string, List<string>>();
        foreach (var agent in agents)
            foreach (var (wallet, keys) in agent.Acknowledged)
            {
                if (!acknowledged.TryGetValue(wallet, out var all)) acknowledged[wallet] = all = [];
                all.AddRange(keys);
            }
        var audit = options.Audit ? await scenario.AuditAsync(acknowledged, cancellationToken) : null;

        var operations = agents.Sum(a => a.Operations);
        var accepted = agents.Sum(a => a.Accepted);
        var errors = agents.SelectMany(a => a.Errors).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Sum(e => e.Value));
        var statistics = RunStatistics.From(agents.SelectMany(a => a.Samples).ToList(), measureFrom, openLoop: interval > 0, Stopwatch.Frequency);
        return new LoadReport(scenario.Name, options.Target.ToString(), options.Agents, options.Wallets, seconds, operations, accepted,
            operations / seconds, accepted / seconds, statistics.LatencyMs, errors,
            audit?.Passed, audit?.Summary ?? "skipped",
            scenario is IFirstByteScenario ? Percentiles.From(agents.SelectMany(a => a.FirstBytes).ToArray()) : null,
            audit?.Charged, audit?.Calls, statistics.LagMs, statistics.Timeline,
            DateTime.UtcNow - Stopwatch.GetElapsedTime(measureFrom),
            scenario is IBatchScenario batch ? batch.ItemsPerOperation : null);
    }

    public static IScenario Scenario(LoadOptions options, IReadOnlyList<string> wallets, Connection admin) => options.Scenario switch
    {
        "debit" => new DebitScenario(options, wallets, admin),
        "meter" => new MeterScenario(options, wallets, admin),
        "authorize-capture" => new AuthorizeCaptureScenario(options, wallets, admin),
        "authorize-extend-capture" => new AuthorizeExtendCaptureScenario(options, wallets, admin),
        "debit-batch" => new DebitBatchScenario(options, wallets, admin),
        "noop" => new NoopScenario(),
        "baseline-debit" => new BaselineDebitScenario(options, wallets, admin),
        "baseline-authorize-capture" => new BaselineAuthorizeCaptureScenario(options, wallets, admin),
        "baseline-authorize-extend-capture" => new BaselineAuthorizeExtendCaptureScenario(options, wallets, admin),
        "gateway-chat" => new GatewayCallScenario(options, wallets, admin, stream: false),
        "gateway-stream" => new GatewayCallScenario(options, wallets, admin, stream: true),
        _ => throw new ArgumentException($"Unknown scenario '{options.Scenario}'.\n\n{LoadOptions.Usage}"),
    };
}
