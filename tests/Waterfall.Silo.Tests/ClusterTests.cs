using Npgsql;
using Waterfall.Client;
using Waterfall.FrontDoor.Auth;
using Waterfall.Ledger;
using Waterfall.Storage.Postgres;
using Waterfall.TestSupport;
using Xunit.Abstractions;

namespace Waterfall.Silo.Tests;

/// <summary>
/// A real cluster: three silo processes on one PostgreSQL (ADO.NET clustering), load through all three
/// front doors with the SDK, a rolling restart (SIGTERM each silo in turn, a replacement on new ports)
/// and a SIGKILL, the load never stopping; then the ledger audit.
/// </summary>
[Collection("postgres")]
public sealed class ClusterTests(PostgresFixture postgres, ITestOutputHelper output) : IAsyncDisposable
{
    private const string Tenant = "cluster";
    private const string ApiKey = "cluster-admin-key";
    private const long Price = 1_000_000;
    private const long Funded = 100_000 * Price;
    private static readonly TimeSpan ProgressTimeout = TimeSpan.FromSeconds(60);

    private readonly List<SiloProcess> _silos = [];
    private NpgsqlDataSource? _source;

    [Fact]
    public async Task A_three_silo_cluster_through_a_rolling_restart_and_a_kill_loses_no_acknowledged_debit_and_applies_none_twice()
    {
        var database = await PostgresStore.NewDatabaseAsync(postgres);
        var settings = new Dictionary<string, string>(PostgresStore.Settings(database))
        {
            [$"Waterfall:Tenants:{Tenant}:ApiKeys:0:Name"] = "admin",
            [$"Waterfall:Tenants:{Tenant}:ApiKeys:0:Sha256"] = TenantDirectory.Hash(ApiKey),
            [$"Waterfall:Tenants:{Tenant}:ApiKeys:0:Scope"] = "Admin",
        };
        var first = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => StartSiloAsync(settings)));
        using var doors = new FrontDoors(first.Select(s => s.GrpcAddress), ApiKey);

        var wallets = Enumerable.Range(0, 6).Select(i => $"cluster-w{i}").ToList();
        for (var i = 0; i < wallets.Count; i++)
        {
            var (_, admin) = doors.Pick(i);
            await admin.CreateWalletAsync(wallets[i], idempotencyKey: $"open-{wallets[i]}");
            await admin.GrantCreditsAsync(wallets[i], Amounts.Nanos(Funded), idempotencyKey: $"fund-{wallets[i]}");
        }

        // 12 agents (4 per front door) over 6 wallets, paced so the ledger stays small enough to audit whole.
        using var stopStarting = new CancellationTokenSource();
        var load = new LoadUnderCrash(doors, wallets, agents: 12, callsPerAgent: 5_000, Price) { Pace = TimeSpan.FromMilliseconds(20) };
        var running = load.RunAsync(TimeSpan.FromSeconds(240), stopStarting.Token);
        await ProgressAsync(load, running, "before any silo went down");

        // Rolling restart: each original silo in turn gets SIGTERM, then a replacement on new ports joins.
        foreach (var silo in first)
        {
            doors.Remove(silo.GrpcAddress);
            await silo.StopAsync();
            var replacement = await StartSiloAsync(settings);
            doors.Add(replacement.GrpcAddress);
            await ProgressAsync(load, running, $"after replacing the silo at {silo.GrpcAddress}");
        }

        // A crash: SIGKILL of one replacement; the two left carry on once membership declares it dead.
        var killed = _silos[^1];
        killed.Kill();
        doors.Remove(killed.GrpcAddress);
        await ProgressAsync(load, running, "after the SIGKILL");

        stopStarting.Cancel();
        await running;

        output.WriteLine($"operations started: {load.Started}, acknowledged: {load.Accepted.Count}, refused: {load.Refused.Count}, retries: {load.Retries}");
        foreach (var (seen, count) in load.Errors.OrderByDescending(e => e.Value)) output.WriteLine($"  error seen {count,6} x {seen}{(load.NotRetryable.ContainsKey(seen) ? "  (not retryable)" : "")}");

        // Why the front door answered INTERNAL, from the silos' own logs.
        var causes = _silos.SelectMany(s => s.Output.Split('\n')).Select(l => l.Trim())
            .Where(l => l.StartsWith("Orleans.", StringComparison.Ordinal) || l.StartsWith("System.TimeoutException", StringComparison.Ordinal))
            .Select(l => l.Split(':')[0]).GroupBy(l => l);
        foreach (var cause in causes) output.WriteLine($"  silo logged {cause.Count(),6} x {cause.Key}");

        Assert.True(load.Retries > 0, "no call ever saw a silo go down");
        Assert.Equal(load.Started, load.Accepted.Count); // every call settled, by a retry with its own key where it had to
        Assert.Empty(load.Refused);
        // Every error a client saw was retryable: a silo leaving or dying mid-call answers UNAVAILABLE
        // (CLUSTER_UNAVAILABLE), and the SDK's retry with the same key settled it (the audit below).
        Assert.Empty(load.NotRetryable);
        _source = NpgsqlDataSource.Create(database);
        await LedgerAudit.AssertEveryAcknowledgedDebitOnceAsync(new GroupCommitJournal(new PostgresLedgerStore(_source)), Tenant, wallets, load.Accepted, Funded, Price);
    }

    private async Task<SiloProcess> StartSiloAsync(Dictionary<string, string> settings)
    {
        var silo = new SiloProcess(settings);
        lock (_silos) _silos.Add(silo);
        await silo.StartAsync();
        return silo;
    }

    /// <summary>Waits until the load has acknowledged another 100 debits: it goes on whatever the cluster is doing.</summary>
    private static async Task ProgressAsync(LoadUnderCrash load, Task running, string when)
    {
        var target = load.Accepted.Count + 100;
        var deadline = DateTime.UtcNow + ProgressTimeout;
        while (load.Accepted.Count < target)
        {
            if (running.IsCompleted) await running; // surfaces the load's failure
            Assert.True(DateTime.UtcNow < deadline, $"the load made no progress {when} ({load.Accepted.Count} acknowledged)");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos) await silo.DisposeAsync();
        if (_source is not null) await _source.DisposeAsync();
    }
}
