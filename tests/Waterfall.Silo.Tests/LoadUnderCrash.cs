using System.Collections.Concurrent;
using Grpc.Net.Client;
using Waterfall.Client;

namespace Waterfall.Silo.Tests;

/// <summary>
/// Agents hammering wallets with debits, each retrying one idempotency key until it gets a
/// definitive answer (accepted or refused), through silo crashes and restarts.
/// </summary>
internal sealed class LoadUnderCrash(Uri address, string apiKey, IReadOnlyList<string> wallets, int agents, int callsPerAgent, long price)
{
    public ConcurrentDictionary<string, (string Wallet, long Sequence)> Accepted { get; } = new();
    public ConcurrentDictionary<string, string> Refused { get; } = new();
    public int Retries;

    public async Task RunAsync(TimeSpan deadline)
    {
        using var channel = GrpcChannel.ForAddress(address);
        using var client = new WaterfallClient(channel, apiKey, new WaterfallClientOptions { MaxAttempts = 1, AttemptTimeout = TimeSpan.FromSeconds(5) });
        using var stop = new CancellationTokenSource(deadline);
        await Task.WhenAll(Enumerable.Range(0, agents).Select(agent => Task.Run(() => Agent(client, agent, stop.Token))));
    }

    private async Task Agent(WaterfallClient client, int agent, CancellationToken stop)
    {
        var wallet = wallets[agent % wallets.Count];
        for (var call = 0; call < callsPerAgent; call++)
        {
            var key = $"a{agent}-c{call}";
            while (true)
            {
                stop.ThrowIfCancellationRequested();
                try
                {
                    var receipt = await client.DebitAsync(wallet, Amounts.Nanos(price), idempotencyKey: key, cancellationToken: stop);
                    Accepted[key] = (wallet, receipt.Sequence);
                    break;
                }
                catch (WaterfallException ex) when (!ex.IsRetryable && ex.StatusCode != Grpc.Core.StatusCode.Internal && ex.StatusCode != Grpc.Core.StatusCode.Unknown)
                {
                    Refused[key] = ex.Reason;
                    break;
                }
                catch (Exception ex) when (ex is WaterfallException or HttpRequestException or IOException)
                {
                    // The silo is down or restarting: retry the same key, as a real agent would.
                    Interlocked.Increment(ref Retries);
                    await Task.Delay(50, stop);
                }
            }
        }
    }
}
