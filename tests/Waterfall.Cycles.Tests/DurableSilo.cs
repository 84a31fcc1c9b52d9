using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.TestingHost;
using Waterfall.Events;
using Waterfall.Grains;
using Waterfall.Grains.Billing;
using Waterfall.Grains.Cycles;
using Waterfall.Ledger;
using Waterfall.Storage.Sqlite;
using Waterfall.Testing;
using Waterfall.TestSupport;

namespace Waterfall.Cycles.Tests;

/// <summary>
/// A one-silo cluster whose journal, grain state and reminders live in a durable store (an embedded SQLite
/// file, or a PostgreSQL database), so it can be stopped and started again and find everything where it
/// was: a real restart. Reminders tick on real time (every 5 seconds), decisions on the manual <see cref="Clock"/>.
/// </summary>
internal sealed class DurableSilo : IAsyncDisposable
{
    private readonly IDurableStore _store;
    private readonly string _serviceId = $"wf-cycles-{Guid.NewGuid():N}"[..20];
    private InProcessTestCluster? _cluster;

    public DurableSilo(DateTimeOffset at, IDurableStore? store = null)
    {
        Clock = new ManualClock(at);
        _store = store ?? new SqliteStore();
    }

    public ManualClock Clock { get; }

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The silo is not running.");

    public IGrainFactory Client => Cluster.Client;

    public async Task StartAsync()
    {
        if (_cluster is not null) throw new InvalidOperationException("The silo runs already.");
        var builder = new InProcessTestClusterBuilder(1);
        // The same service on every start: stores key grain state and reminders by service id.
        builder.Options.ServiceId = _serviceId;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddWaterfallGrains();
            silo.AddWaterfallBilling();
            silo.AddWaterfallCycles(o => o.ReminderPeriod = TimeSpan.FromSeconds(5));
            silo.AddWaterfallEvents();
            _store.Configure(silo);
            silo.Services.AddSingleton(sp => new GroupCommitJournal(sp.GetRequiredService<ILedgerStore>(), new GroupCommitOptions { MaxConcurrentBatches = 1 }));
            silo.Services.AddSingleton<IWalletJournal>(sp => sp.GetRequiredService<GroupCommitJournal>());
            silo.Services.AddSingleton(new WalletClock(Clock));
            silo.Configure<ReminderOptions>(o =>
            {
                o.MinimumReminderPeriod = TimeSpan.FromSeconds(5);
                o.RefreshReminderListPeriod = TimeSpan.FromSeconds(5);
            });
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        _cluster = cluster;
    }

    /// <summary>Stops the silo (its grains deactivate, nothing stays in memory); the file stays for the next start.</summary>
    public async Task StopAsync()
    {
        if (_cluster is not { } cluster) return;
        _cluster = null;
        await cluster.StopAllSilosAsync();
        await cluster.DisposeAsync();
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _store.DisposeAsync();
    }
}

/// <summary>Where a <see cref="DurableSilo"/> keeps its journal (<see cref="ILedgerStore"/>), grain state and reminders.</summary>
internal interface IDurableStore : IAsyncDisposable
{
    void Configure(ISiloBuilder silo);
}

/// <summary>An embedded SQLite file in a directory of its own, deleted at the end.</summary>
internal sealed class SqliteStore : IDurableStore
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"waterfall-cycles-{Guid.NewGuid():N}");

    public SqliteStore() => Directory.CreateDirectory(_directory);

    private SqliteLedgerOptions Options => new() { Path = Path.Combine(_directory, "ledger.db") };

    public void Configure(ISiloBuilder silo)
    {
        silo.Services.AddSingleton(Options);
        silo.Services.AddSingleton<IOptions<SqliteLedgerOptions>>(Microsoft.Extensions.Options.Options.Create(Options));
        silo.Services.AddSingleton<ILedgerStore>(_ => new SqliteLedgerStore(Options));
        silo.UseSystemTextJsonGrainStorageSerializer();
        silo.Services.AddGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (sp, _) =>
            new SqliteGrainStorage(Options, sp.GetRequiredService<Orleans.Storage.IGrainStorageSerializer>()));
        silo.UseSqliteReminders();
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// A freshly migrated database on a throwaway PostgreSQL server (<see cref="PostgresFixture"/>): the
/// production schema, grain storage and reminder table, and the ledger store the silo host uses.
/// </summary>
internal sealed class PostgresStore : IDurableStore
{
    private readonly string _connectionString;
    private readonly Npgsql.NpgsqlDataSource _dataSource;

    private PostgresStore(string connectionString)
    {
        _connectionString = connectionString;
        _dataSource = Waterfall.Storage.Postgres.PostgresLedgerStore.CreateDataSource(connectionString);
    }

    public static async Task<PostgresStore> CreateAsync(PostgresFixture postgres)
    {
        var database = await postgres.CreateDatabaseAsync();
        await new Waterfall.Storage.Postgres.PostgresMigrator().MigrateAsync(database);
        return new PostgresStore(database);
    }

    public void Configure(ISiloBuilder silo)
    {
        silo.Services.AddSingleton<ILedgerStore>(_ => new Waterfall.Storage.Postgres.PostgresLedgerStore(_dataSource));
        Waterfall.Storage.Postgres.PostgresOrleansExtensions.UsePostgresReminders(silo, _connectionString);
        Waterfall.Storage.Postgres.PostgresOrleansExtensions.AddPostgresGrainStorageAsDefault(silo, _connectionString);
        silo.UseSystemTextJsonGrainStorageSerializer();
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
