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

namespace Waterfall.Cycles.Tests;

/// <summary>
/// A one-silo cluster whose journal, grain state and reminders live in an embedded SQLite file, so it can
/// be stopped and started again and find everything where it was: a real restart. Reminders tick on real
/// time (every 5 seconds), decisions on the manual <see cref="Clock"/>.
/// </summary>
internal sealed class DurableSilo : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"waterfall-cycles-{Guid.NewGuid():N}");
    private InProcessTestCluster? _cluster;

    public DurableSilo(DateTimeOffset at)
    {
        Clock = new ManualClock(at);
        Directory.CreateDirectory(_directory);
    }

    public ManualClock Clock { get; }

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The silo is not running.");

    public IGrainFactory Client => Cluster.Client;

    private SqliteLedgerOptions Options => new() { Path = Path.Combine(_directory, "ledger.db") };

    public async Task StartAsync()
    {
        if (_cluster is not null) throw new InvalidOperationException("The silo runs already.");
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddWaterfallGrains();
            silo.AddWaterfallBilling();
            silo.AddWaterfallCycles(o => o.ReminderPeriod = TimeSpan.FromSeconds(5));
            silo.AddWaterfallEvents();
            silo.Services.AddSingleton(Options);
            silo.Services.AddSingleton<IOptions<SqliteLedgerOptions>>(Microsoft.Extensions.Options.Options.Create(Options));
            silo.Services.AddSingleton<ILedgerStore>(_ => new SqliteLedgerStore(Options));
            silo.Services.AddSingleton(sp => new GroupCommitJournal(sp.GetRequiredService<ILedgerStore>(), new GroupCommitOptions { MaxConcurrentBatches = 1 }));
            silo.Services.AddSingleton<IWalletJournal>(sp => sp.GetRequiredService<GroupCommitJournal>());
            silo.Services.AddSingleton(new WalletClock(Clock));
            silo.UseSystemTextJsonGrainStorageSerializer();
            silo.Services.AddGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (sp, _) =>
                new SqliteGrainStorage(Options, sp.GetRequiredService<Orleans.Storage.IGrainStorageSerializer>()));
            silo.UseSqliteReminders();
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
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }
}
