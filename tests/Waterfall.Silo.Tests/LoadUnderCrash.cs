using System.Collections.Concurrent;
using Grpc.Core;
using Waterfall.Client;

namespace Waterfall.Silo.Tests;

/// <summary>
/// Agents hammering wallets with debits, each retrying one idempotency key until it gets a
/// definitive answer (accepted or refused), through silo crashes and restarts. Agents spread over
/// the front doors, and a retry moves on to the next door.
/// </summary>
internal sealed class LoadUnderCrash(FrontDoors doors, IReadOnlyList<string> wallets, int agents, int callsPerAgent, long price)
{
    private readonly bool _ownsDoors;

    /// <summary>Load through one front door, which may go down and come back on the same address.</summary>
    public LoadUnderCrash(Uri address, string apiKey, IReadOnlyList<string> wallets, int agents, int callsPerAgent, long price)
        : this(new FrontDoors([address], apiKey), wallets, agents, callsPerAgent, price) => _ownsDoors = true;

    public ConcurrentDictionary<string, (string Wallet, long Sequence)> Accepted { get; } = new();
    public ConcurrentDictionary<string, string> Refused { get; } = new();

    /// <summary>Every failed attempt, by what the client saw: the gRPC status (and reason), or the transport exception.</summary>
    public ConcurrentDictionary<string, int> Errors { get; } = new();

    /// <summary>Failed attempts whose error the SDK does not call retryable (INTERNAL, UNKNOWN, ...): each one a call the SDK alone would have given up on.</summary>
    public ConcurrentDictionary<string, int> NotRetryable { get; } = new();

    public int Retries;
    public int Started;

    /// <summary>Pause between one agent's calls: bounds the load (and the ledger to audit) however long a test runs it.</summary>
    public TimeSpan Pace { get; init; } = TimeSpan.Zero;

    /// <param name="deadline">After this, everything in flight is abandoned (the test fails).</param>
    /// <param name="stopStarting">When signalled, agents settle the call they are on and start no other.</param>
    public async Task RunAsync(TimeSpan deadline, CancellationToken stopStarting = default)
    {
        using var stop = new CancellationTokenSource(deadline);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, agents).Select(agent => Task.Run(() => Agent(agent, stopStarting, stop.Token))));
        }
        finally
        {
            if (_ownsDoors) doors.Dispose();
        }
    }

    private async Task Agent(int agent, CancellationToken stopStarting, CancellationToken stop)
    {
        var wallet = wallets[agent % wallets.Count];
        for (var call = 0; call < callsPerAgent && !stopStarting.IsCancellationRequested; call++)
        {
            var key = $"a{agent}-c{call}";
            Interlocked.Increment(ref Started);
            for (var attempt = 0; ; attempt++)
            {
                stop.ThrowIfCancellationRequested();
                var (_, client) = doors.Pick(agent + attempt);
                try
                {
                    var receipt = await client.DebitAsync(wallet, Amounts.Nanos(price), idempotencyKey: key, cancellationToken: stop);
                    Accepted[key] = (wallet, receipt.Sequence);
                    break;
                }
                catch (WaterfallException ex) when (!ex.IsRetryable && ex.StatusCode != StatusCode.Internal && ex.StatusCode != StatusCode.Unknown)
                {
                    Refused[key] = ex.Reason;
                    break;
                }
                catch (Exception ex) when (ex is WaterfallException or HttpRequestException or IOException)
                {
                    // The silo is down or restarting: retry the same key, as a real agent would.
                    var seen = ex is WaterfallException w ? (w.Reason == w.StatusCode.ToString().ToUpperInvariant() ? w.Reason : $"{w.StatusCode.ToString().ToUpperInvariant()} {w.Reason}") : ex.GetType().Name;
                    Errors.AddOrUpdate(seen, 1, (_, n) => n + 1);
                    if (ex is WaterfallException { IsRetryable: false }) NotRetryable.AddOrUpdate(seen, 1, (_, n) => n + 1);
                    Interlocked.Increment(ref Retries);
                    await Task.Delay(50, stop);
                }
            }
            if (Pace > TimeSpan.Zero) await Task.Delay(Pace, stop);
        }
    }
}
