using System.Collections.Concurrent;
using System.Net;
using Waterfall.Client;
using Waterfall.FrontDoor.Auth;
using Waterfall.TestSupport;

namespace Waterfall.Silo.Tests;

/// <summary>SIGTERM: not ready at once, in-flight calls finish, the process exits 0 within the timeout, nothing acknowledged is lost.</summary>
public sealed class GracefulShutdownTests : IAsyncDisposable
{
    private const string ApiKey = "shutdown-admin-key";
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);
    private readonly string _data = Path.Combine(Path.GetTempPath(), $"waterfall-shutdown-{Guid.NewGuid():N}");

    [Fact]
    public async Task Sigterm_turns_readiness_off_lets_in_flight_debits_finish_and_exits_0_with_every_acknowledged_debit_durable()
    {
        var settings = new Dictionary<string, string>
        {
            ["Waterfall:Store:Kind"] = "embedded",
            ["Waterfall:Store:Embedded:Path"] = Path.Combine(_data, "ledger.db"),
            ["Waterfall:Host:ShutdownTimeout"] = ShutdownTimeout.ToString(),
            ["Waterfall:Host:ShutdownDelay"] = "00:00:05",
            ["Logging:LogLevel:Waterfall.Silo.Hosting"] = "Information",
            ["Waterfall:Tenants:shutdown:ApiKeys:0:Name"] = "admin",
            ["Waterfall:Tenants:shutdown:ApiKeys:0:Sha256"] = TenantDirectory.Hash(ApiKey),
            ["Waterfall:Tenants:shutdown:ApiKeys:0:Scope"] = "Admin",
        };
        await using var silo = new SiloProcess(settings);
        await silo.StartAsync();
        using var admin = new HttpClient { BaseAddress = silo.AdminAddress, Timeout = TimeSpan.FromSeconds(5) };
        Assert.Equal(HttpStatusCode.OK, await Eventually.UntilAsync(() => Status(admin, "/health/ready"), s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(60)));

        var acknowledged = new ConcurrentDictionary<string, long>();
        using var client = new WaterfallClient(silo.GrpcAddress, ApiKey, new WaterfallClientOptions { MaxAttempts = 1 });
        await client.CreateWalletAsync("w1", idempotencyKey: "open");
        await client.GrantCreditsAsync("w1", Amounts.Usd(1_000m), idempotencyKey: "fund");
        using var stop = new CancellationTokenSource();
        var callers = Enumerable.Range(0, 16).Select(caller => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var key = $"debit-{caller}-{i}";
                try
                {
                    var debit = await client.DebitAsync("w1", Amounts.Usd(0.001m), idempotencyKey: key);
                    acknowledged[key] = debit.Sequence;
                }
                catch (Exception ex) when (ex is WaterfallException or HttpRequestException or Grpc.Core.RpcException or OperationCanceledException)
                {
                    return; // the silo stopped taking calls: what it acknowledged is what counts
                }
            }
        })).ToList();
        await Eventually.UntilAsync(() => Task.FromResult(acknowledged.Count), n => n >= 50, TimeSpan.FromSeconds(60));

        await silo.TerminateAsync();
        var ready = await Eventually.UntilAsync(() => Status(admin, "/health/ready"), s => s != HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        var live = await Status(admin, "/health/live");
        stop.Cancel();
        await Task.WhenAll(callers);
        var exitCode = await silo.WaitForExitAsync(ShutdownTimeout + TimeSpan.FromSeconds(15));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready);
        Assert.True(live is HttpStatusCode.OK or null, $"live answered {live} while shutting down");
        Assert.Equal(0, exitCode);
        Assert.Contains("leaving the cluster", silo.Output, StringComparison.Ordinal);

        await silo.StartAsync();
        using var after = new WaterfallClient(silo.GrpcAddress, ApiKey, new WaterfallClientOptions { MaxAttempts = 1 });
        foreach (var (key, sequence) in acknowledged)
        {
            var replay = await after.DebitAsync("w1", Amounts.Usd(0.001m), idempotencyKey: key);
            Assert.True(replay.Replayed, $"acknowledged debit {key} was not durable");
            Assert.Equal(sequence, replay.Sequence);
        }
    }

    /// <summary>The probe's status, or null when the port no longer answers.</summary>
    private static async Task<HttpStatusCode?> Status(HttpClient http, string path)
    {
        try
        {
            return (await http.GetAsync(path)).StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    public ValueTask DisposeAsync()
    {
        if (Directory.Exists(_data)) Directory.Delete(_data, recursive: true);
        return ValueTask.CompletedTask;
    }
}
