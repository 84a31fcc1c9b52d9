using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.TestingHost;
using Waterfall.Contracts.Cycles;
using Waterfall.Events;
using Waterfall.Grains;
using Waterfall.Grains.Billing;
using Waterfall.Grains.Cycles;
using Waterfall.Ledger;
using Waterfall.Storage.Sqlite;
using Waterfall.Testing;
using Waterfall.TestSupport;
using D = Waterfall.Domain.Wallets;

namespace Waterfall.Cycles.Tests;

/// <summary>
/// A real restart: the cluster is stopped and a new one started on the same embedded SQLite file (journal,
/// grain state, reminders), with the wallet clock moved past two period boundaries while nothing ran. Only
/// the cycle's reminder can close them. Reminders tick on real time (every 5 seconds here), decisions on the manual clock.
/// </summary>
public sealed class RestartTests : IDisposable
{
    private static readonly DateTimeOffset January = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"waterfall-cycles-{Guid.NewGuid():N}");
    private readonly ManualClock _clock = new(January);

    private SqliteLedgerOptions Options => new() { Path = Path.Combine(_directory, "ledger.db") };

    [Fact]
    public async Task A_silo_down_across_two_period_boundaries_catches_up_both_in_order_once_after_its_restart()
    {
        Directory.CreateDirectory(_directory);
        Subscriber sub;
        await using (var before = await StartAsync())
        {
            sub = await Subscriber.SubscribeAsync(before.Client, CyclePlans.HybridTiered());
            _clock.Set(January.AddDays(9));
            Assert.True((await sub.Call(40_000)).IsAccepted);
            await before.StopAllSilosAsync();
        }

        _clock.Set(January.AddMonths(2).AddDays(3)); // Feb 1 and Mar 1 pass while no silo runs

        await using var after = await StartAsync();
        var cycle = after.Client.SubscriptionCycle(sub.Tenant, "cust", "s1");
        // Nothing asks the cycle to catch up: its reminder wakes it on the restarted silo.
        var caughtUp = await Eventually.UntilAsync(cycle.Get, c => c.LastClosed == 2, TimeSpan.FromMinutes(2));
        var again = await cycle.CatchUp();

        Assert.Equal([1, 2], caughtUp.Boundaries.Select(b => b.Closed.Number));
        Assert.Equal(2, again.Boundaries.Length);
        Assert.Equal(["INV-000001", "INV-000002"], (await after.Client.InvoiceBook(sub.Tenant).List(null)).Select(i => i.Number));
        var events = (await after.Silos[0].ServiceProvider.GetRequiredService<IWalletJournal>().LoadAsync(new D.WalletKey(sub.Tenant, sub.WalletId))).Events;
        Assert.Equal(2, events.OfType<D.InvoicePosted>().Count());
        // Period 1's 60,000 left: 50,000 rolled at the first boundary; at the second, the fresh 100,000 roll 50,000 and the rest expires.
        Assert.Equal([(60_000L, 50_000L), (100_000L, 50_000L), (50_000L, 0L)], events.OfType<D.GrantRolledOver>().Select(r => (r.Remainder, r.Carried)));
        Assert.Equal(3, events.OfType<D.CreditsGranted>().Count()); // period 1 with the subscription, then 2 and 3 once each
        Console.WriteLine($"caught up {caughtUp.Boundaries.Length} boundaries at {string.Join(", ", caughtUp.Boundaries.Select(b => b.ProcessedAt.ToString("O")))} (wallet time)");
    }

    private async Task<InProcessTestCluster> StartAsync()
    {
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
            silo.Services.AddSingleton(new WalletClock(_clock));
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
        return cluster;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }
}
