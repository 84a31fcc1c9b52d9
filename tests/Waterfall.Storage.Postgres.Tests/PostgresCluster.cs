using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Waterfall.TestSupport;

namespace Waterfall.Storage.Postgres.Tests;

/// <summary>
/// Real silos, built the way a host builds them (<see cref="PostgresOrleansExtensions.UsePostgres"/>), on a
/// throwaway PostgreSQL server with a freshly migrated database: they find each other only through the
/// ADO.NET membership table. Liveness timings are cut down so a dead silo is noticed in seconds.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly List<Silo> _silos = [];
    private readonly List<IHost> _clients = [];
    private readonly bool _ownsServer;

    private PostgresCluster(PostgresServer server, string connectionString, bool ownsServer)
    {
        Server = server;
        ConnectionString = connectionString;
        _ownsServer = ownsServer;
    }

    public PostgresServer Server { get; }

    public string ConnectionString { get; }

    public string ClusterId { get; } = "wf-test-" + Guid.NewGuid().ToString("N")[..8];

    public string ServiceId { get; } = "wf-test-service";

    /// <summary>A second grain storage on every silo, one that deletes the row when a grain clears its state.</summary>
    public const string DeletingStorage = "deleting";

    public IReadOnlyList<Silo> Silos => _silos;

    /// <summary>Starts a PostgreSQL server, migrates a database and starts <paramref name="silos"/> silos one after the other.</summary>
    public static async Task<PostgresCluster> StartAsync(int silos)
    {
        // A server time zone far from UTC: timestamps must not depend on it.
        var options = new PostgresServerOptions();
        options.Settings["timezone"] = "'Asia/Kolkata'";
        var server = await PostgresServer.StartAsync(options);
        PostgresCluster? cluster = null;
        try
        {
            var database = await server.CreateDatabaseAsync();
            await new PostgresMigrator().MigrateAsync(database);
            cluster = new PostgresCluster(server, database, ownsServer: true);
            for (var i = 0; i < silos; i++)
                await cluster.StartSiloAsync();
            return cluster;
        }
        catch
        {
            if (cluster is not null)
                await cluster.DisposeAsync();
            else
                await server.DisposeAsync();
            throw;
        }
    }

    public async Task<Silo> StartSiloAsync()
    {
        var name = $"silo-{_silos.Count + 1}";
        var siloPort = TestPorts.Next();
        var gatewayPort = TestPorts.Next();
        var host = new HostBuilder()
            .UseOrleans(silo =>
            {
                silo.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = ClusterId;
                    o.ServiceId = ServiceId;
                });
                silo.Configure<SiloOptions>(o => o.SiloName = name);
                silo.ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort);
                silo.UsePostgres(ConnectionString);
                silo.AddPostgresGrainStorage(DeletingStorage, ConnectionString, o => o.DeleteStateOnClear = true);
                silo.Configure<ClusterMembershipOptions>(o =>
                {
                    o.ProbeTimeout = TimeSpan.FromSeconds(1);
                    o.NumMissedProbesLimit = 2;
                    o.NumVotesForDeathDeclaration = 1;
                    o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
                    o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
                    o.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(10);
                });
                silo.Configure<ReminderOptions>(o =>
                {
                    o.MinimumReminderPeriod = TimeSpan.FromSeconds(1);
                    o.RefreshReminderListPeriod = TimeSpan.FromSeconds(1);
                });
                silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
            })
            .Build();
        await host.StartAsync();
        var silo = new Silo(name, host);
        _silos.Add(silo);
        return silo;
    }

    /// <summary>Stops a silo without its graceful shutdown (the cancelled token), as close to a crash as one process allows.</summary>
    public async Task KillSiloAsync(Silo silo)
    {
        _silos.Remove(silo);
        await silo.Host.StopAsync(new CancellationToken(canceled: true));
        silo.Host.Dispose();
    }

    /// <summary>Stops a silo gracefully: it deactivates its grains and leaves the cluster.</summary>
    public async Task StopSiloAsync(Silo silo)
    {
        _silos.Remove(silo);
        await silo.Host.StopAsync();
        silo.Host.Dispose();
    }

    /// <summary>An external client that finds the silos' gateways through the membership table.</summary>
    public async Task<IClusterClient> StartClientAsync()
    {
        var host = new HostBuilder()
            .UseOrleansClient(client =>
            {
                client.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = ClusterId;
                    o.ServiceId = ServiceId;
                });
                client.UsePostgresClustering(ConnectionString);
            })
            .Build();
        await host.StartAsync();
        _clients.Add(host);
        return host.Services.GetRequiredService<IClusterClient>();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.StopAsync(new CancellationToken(canceled: true));
            client.Dispose();
        }
        // Stop in reverse order, each without waiting for graceful hand-offs: the database goes away next.
        foreach (var silo in Enumerable.Reverse(_silos).ToList())
        {
            try
            {
                await silo.Host.StopAsync(new CancellationToken(canceled: true));
            }
            finally
            {
                silo.Host.Dispose();
            }
        }
        _silos.Clear();
        if (_ownsServer)
            await Server.DisposeAsync();
    }


    public sealed class Silo(string name, IHost host)
    {
        public string Name { get; } = name;

        public IHost Host { get; } = host;

        public IServiceProvider Services => Host.Services;

        public IGrainFactory Grains => Host.Services.GetRequiredService<IGrainFactory>();

        public SiloAddress Address => Host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

        public override string ToString() => $"{Name} {Address}";
    }
}
