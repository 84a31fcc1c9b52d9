using Waterfall.Grains.Cycles;
using Waterfall.Testing;
using D = Waterfall.Domain.Wallets;

namespace Waterfall.Cycles.Tests;

/// <summary>The in-memory cluster with a grain storage that fails a write when a test asks it to.</summary>
public sealed class FailingStorageCycleFixture : CycleFixture
{
    public FailingGrainStorage Storage { get; } = new();

    protected override void Configure(WaterfallTestClusterOptions options)
    {
        base.Configure(options);
        options.GrainStorage = Storage;
    }
}

/// <summary>
/// A boundary whose state write fails (simulator finding 1, docs/simulation.md): the cycle must not keep in memory a
/// boundary its storage does not hold, or the next ticks see nothing due and a later activation repeats the boundary
/// after the wallet has forgotten its keys.
/// </summary>
public class FailedStateWriteTests(FailingStorageCycleFixture waterfall) : IClassFixture<FailingStorageCycleFixture>
{
    private static readonly DateTimeOffset January = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset February = January.AddMonths(1);

    [Fact]
    public async Task A_boundary_whose_state_write_failed_is_closed_once_by_the_next_tick_and_the_cycle_shows_what_is_stored()
    {
        waterfall.Clock.Set(January);
        var sub = await Subscriber.SubscribeAsync(waterfall.Client, CyclePlans.HybridTiered());
        waterfall.Clock.Set(February.AddHours(1));
        waterfall.Storage.FailNextWrite<CycleState>("cycle", s => s.LastClosed == 1);

        await Assert.ThrowsAnyAsync<Exception>(() => sub.Cycle.CatchUp());

        Assert.Equal(1, waterfall.Storage.WritesFailed);
        var cycleId = waterfall.Storage.LastFailed!.Value;
        Assert.Equal(0, (await waterfall.Storage.ReadStoredAsync<CycleState>("cycle", cycleId))!.LastClosed);
        var afterFailure = await sub.Cycle.Get();
        Assert.Equal(0, afterFailure.LastClosed);
        Assert.Empty(afterFailure.Boundaries);

        var closed = await sub.Cycle.CatchUp(); // the reminder's next tick

        var stored = (await waterfall.Storage.ReadStoredAsync<CycleState>("cycle", cycleId))!;
        Assert.Equal((1, 1), (closed.LastClosed, stored.LastClosed));
        var boundary = Assert.Single(stored.Boundaries);
        Assert.Equal(boundary.GrantsMade, Assert.Single(closed.Boundaries).GrantsMade);
        var events = (await waterfall.Cluster.Journal.LoadAsync(new D.WalletKey(sub.Tenant, sub.WalletId))).Events;
        Assert.Equal(2, events.OfType<D.CreditsGranted>().Count()); // period 1 with the subscription, period 2 once
        var rolled = Assert.Single(events.OfType<D.GrantRolledOver>());
        Assert.Equal((100_000L, 50_000L), (rolled.Remainder, rolled.Carried)); // nothing used: the cap carries, once
        Assert.Equal(150_000, (await sub.Wallet.Get()).Receipt!.Balances.Single(b => b.Unit == "tokens").Available);
    }
}
