using Waterfall.Contracts.Cycles;
using Waterfall.Domain.Invoices;
using Waterfall.Domain.Plans;

namespace Waterfall.Cycles.Tests;

/// <summary>The issue's three months (<see cref="ThreeMonths"/>) on an in-memory silo, and a cycle that slept across two boundaries.</summary>
public class ThreeMonthTests(CycleFixture waterfall) : IClassFixture<CycleFixture>
{
    private const long Usd = CyclePlans.Usd;
    private static readonly DateTimeOffset January = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public Task Three_months_of_a_hybrid_subscription_bill_roll_over_and_expire_exactly_as_hand_computed() =>
        ThreeMonths.RunAsync(() => waterfall.Client, waterfall.Clock, midFebruary: () => Task.CompletedTask);

    [Fact]
    public async Task A_cycle_that_slept_across_two_boundaries_closes_both_in_order_once()
    {
        waterfall.Clock.Set(January);
        var sub = await Subscriber.SubscribeAsync(waterfall.Client, CyclePlans.HybridTiered());
        waterfall.Clock.Set(January.AddDays(3));
        Assert.True((await sub.Call(40_000)).IsAccepted);

        waterfall.Clock.Set(January.AddMonths(2).AddDays(1));
        var caughtUp = await sub.Cycle.CatchUp();
        var again = await sub.Cycle.CatchUp();

        Assert.Equal([1, 2], caughtUp.Boundaries.Select(b => b.Closed.Number));
        Assert.Equal(caughtUp.Boundaries.Select(Summary), again.Boundaries.Select(Summary));
        Assert.Equal(["INV-000001", "INV-000002"], (await sub.Invoices.List(null)).Select(i => i.Number));
        // Period 2 and 3 each received their bonus once; period 2's 50,000 rolled into period 3 (never burnable: it was caught up late).
        var grants = (await sub.Wallet.Get()).Receipt!.Grants;
        Assert.Equal(2, caughtUp.Boundaries.Sum(b => b.GrantsMade.Length));
        Assert.Equal([50_000, 100_000], grants.Where(g => g.Remaining > 0).Select(g => g.Remaining).Order());
    }

    private static string Summary(BoundaryRecord b) =>
        $"{b.Closed.Number} {b.InvoiceId} {string.Join(",", b.GrantsMade)} {string.Join(",", b.Rollovers.Select(r => $"{r.Source}:{r.Carried}/{r.Remainder}"))}";
}
