using Microsoft.Extensions.DependencyInjection;
using Waterfall.Ledger;
using Waterfall.TestSupport;
using D = Waterfall.Domain.Wallets;

namespace Waterfall.Cycles.Tests;

/// <summary>
/// A real restart: the cluster is stopped and a new one started on the same embedded SQLite file (journal,
/// grain state, reminders), with the wallet clock moved past two period boundaries while nothing ran. Only
/// the cycle's reminder can close them.
/// </summary>
public sealed class RestartTests
{
    private static readonly DateTimeOffset January = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_silo_down_across_two_period_boundaries_catches_up_both_in_order_once_after_its_restart()
    {
        await using var silo = new DurableSilo(January);
        await DownAcrossTwoBoundariesAsync(silo);
    }

    /// <summary>The scenario, on whichever store <paramref name="silo"/> keeps (SQLite here, PostgreSQL in <see cref="PostgresCycleTests"/>).</summary>
    internal static async Task DownAcrossTwoBoundariesAsync(DurableSilo silo)
    {
        await silo.StartAsync();
        var sub = await Subscriber.SubscribeAsync(() => silo.Client, CyclePlans.HybridTiered());
        silo.Clock.Set(January.AddDays(9));
        Assert.True((await sub.Call(40_000)).IsAccepted);
        await silo.StopAsync();

        silo.Clock.Set(January.AddMonths(2).AddDays(3)); // Feb 1 and Mar 1 pass while no silo runs

        await silo.StartAsync();
        // Nothing asks the cycle to catch up: its reminder wakes it on the restarted silo.
        var caughtUp = await Eventually.UntilAsync(sub.Cycle.Get, c => c.LastClosed == 2, TimeSpan.FromMinutes(2));
        var again = await sub.Cycle.CatchUp();

        Assert.Equal([1, 2], caughtUp.Boundaries.Select(b => b.Closed.Number));
        Assert.Equal(2, again.Boundaries.Length);
        Assert.Equal(["INV-000001", "INV-000002"], (await sub.Invoices.List(null)).Select(i => i.Number));
        var events = (await silo.Cluster.Silos[0].ServiceProvider.GetRequiredService<IWalletJournal>().LoadAsync(new D.WalletKey(sub.Tenant, sub.WalletId))).Events;
        Assert.Equal(2, events.OfType<D.InvoicePosted>().Count());
        // Period 1's 60,000 left: 50,000 rolled at the first boundary; at the second, the fresh 100,000 roll 50,000 and the rest expires.
        Assert.Equal([(60_000L, 50_000L), (100_000L, 50_000L), (50_000L, 0L)], events.OfType<D.GrantRolledOver>().Select(r => (r.Remainder, r.Carried)));
        Assert.Equal(3, events.OfType<D.CreditsGranted>().Count()); // period 1 with the subscription, then 2 and 3 once each
        Console.WriteLine($"caught up {caughtUp.Boundaries.Length} boundaries at {string.Join(", ", caughtUp.Boundaries.Select(b => b.ProcessedAt.ToString("O")))} (wallet time)");
    }
}
