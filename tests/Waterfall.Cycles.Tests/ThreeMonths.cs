using Waterfall.Contracts.Cycles;
using Waterfall.Domain.Invoices;
using Waterfall.Domain.Plans;
using Waterfall.Testing;

namespace Waterfall.Cycles.Tests;

/// <summary>
/// The three months of a HYBRID subscription, on the manual clock: tiered LLM-cost pricing (the
/// first USD 10 of uncovered cost at 1.20, the rest at 1.00), 100,000 bonus tokens a month, rollover capped
/// at 50,000, and a USD 100 overage limit per period. Every figure below is computed by hand in the comments.
/// One script, run on an in-memory silo and on a durable one restarted in the middle of February: the
/// expectations are the same lines, so the restart is shown to change nothing.
/// </summary>
internal static class ThreeMonths
{
    private const long Usd = CyclePlans.Usd;
    private static readonly DateTimeOffset January = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <param name="grains">The cluster as it is now (a restart replaces it).</param>
    /// <param name="midFebruary">What happens between February's LLM calls and its overage (a restart, or nothing).</param>
    public static async Task RunAsync(Func<IGrainFactory> grains, ManualClock clock, Func<Task> midFebruary)
    {
        clock.Set(January);
        var sub = await Subscriber.SubscribeAsync(grains, CyclePlans.HybridTiered());

        // January: 40,000 tokens, all paid by the month's bonus; 60,000 left.
        clock.Set(January.AddDays(9));
        Assert.True((await sub.Call(40_000)).IsAccepted);

        // Feb 1: 60,000 left, 50,000 roll over (the cap), 10,000 expire. Invoice 1: nothing uncovered.
        clock.Set(January.AddMonths(1).AddHours(1));
        var feb = (await sub.Cycle.CatchUp()).Boundaries.Single();
        Assert.Equal([(60_000L, 50_000L, 10_000L)], feb.Rollovers.Select(r => (r.Remainder, r.Carried, r.Expired)));

        // February: 20,000 tokens from the rolled credit (it burns before the fresh grant), and USD 12.50 of
        // cost the tokens cannot pay, accrued as overage.
        clock.Set(January.AddMonths(1).AddDays(4));
        var february = await sub.Call(20_000);
        Assert.Equal(feb.Rollovers[0].Carry, february.Receipt!.Coverage.Draws.Single().Grant);
        await midFebruary();
        clock.Set(January.AddMonths(1).AddDays(14));
        Assert.Equal(12_500_000_000, (await sub.Cost(12_500_000_000)).Receipt!.Coverage.Overage);

        // Mar 1: the fresh grant's 100,000 go first: 50,000 roll (the cap), 50,000 expire; the rolled credit's
        // 30,000 left all expire (the cap is used up). Invoice 2: USD 12.50 uncovered = 10 × 1.20 + 2.50 × 1.00 = 14.50.
        clock.Set(January.AddMonths(2).AddHours(1));
        var mar = (await sub.Cycle.CatchUp()).Boundaries[1];
        Assert.Equal([(0, 100_000L, 50_000L, 50_000L), (1, 30_000L, 0L, 30_000L)],
            mar.Rollovers.Select(r => (r.Source == feb.Rollovers[0].Carry ? 1 : 0, r.Remainder, r.Carried, r.Expired)));
        Assert.Equal(0, (await sub.Wallet.Get()).Receipt!.AccruedOverage);

        // March: 100,000 tokens (the 50,000 rolled, then 50,000 of the fresh grant), then USD 88 of overage:
        // allowed only because the accrual was reset (12.50 + 88 would pass the USD 100 limit); USD 15 more is refused.
        clock.Set(January.AddMonths(2).AddDays(4));
        Assert.True((await sub.Call(100_000)).IsAccepted);
        Assert.True((await sub.Cost(88 * Usd)).IsAccepted);
        Assert.Equal("INSUFFICIENT_FUNDS", (await sub.Cost(15 * Usd)).Refusal?.Reason);

        // Apr 1: the fresh grant's 50,000 left roll over, nothing expires. Invoice 3: USD 88 = 12 + 78 = 90.
        clock.Set(January.AddMonths(3).AddHours(1));
        var cycle = await sub.Cycle.CatchUp();
        var apr = cycle.Boundaries[2];
        Assert.Equal([(0, 50_000L, 50_000L, 0L), (1, 0L, 0L, 0L)], apr.Rollovers.Select(r => (r.Source == mar.Rollovers[0].Carry ? 1 : 0, r.Remainder, r.Carried, r.Expired)));
        Assert.Equal(3, cycle.LastClosed);

        var invoices = await sub.Invoices.List("cust");
        Assert.Equal(["INV-000001", "INV-000002", "INV-000003"], invoices.Select(i => i.Number));
        Assert.All(invoices, i => Assert.Equal(InvoiceStatus.Issued, i.Status));
        Assert.Equal([0, 14_500_000_000, 90 * Usd], invoices.Select(i => i.AmountDue));
        Assert.Equal([0, 12_500_000_000, 88 * Usd], invoices.Select(i => i.OverageInvoiced));

        var lines = invoices.Select(i => Assert.Single(i.Lines)).ToArray();
        Assert.All(lines, l => Assert.Equal((Metrics.LlmCost, PricingKind.Tiered), (l.Metric, l.Pricing)));
        Assert.Equal([2m, 13.5m, 93m], lines.Select(l => l.Usage));
        Assert.Equal([0m, 12.5m, 88m], lines.Select(l => l.Quantity));
        Assert.Empty(lines[0].Tiers);
        Assert.Equal([new TierApplied(0, 10, 10, 1.20m, 0, 12m), new TierApplied(10, null, 2.5m, 1.00m, 0, 2.5m)], lines[1].Tiers);
        Assert.Equal([new TierApplied(0, 10, 10, 1.20m, 0, 12m), new TierApplied(10, null, 78m, 1.00m, 0, 78m)], lines[2].Tiers);
        Assert.Equal([[new CreditApplied("bonus", "tokens", 40_000)], [new CreditApplied("bonus", "tokens", 20_000)], [new CreditApplied("bonus", "tokens", 100_000)]],
            invoices.Select(i => i.Credits));

        // The wallet: this period's overage accrual is back to zero, and 50,000 tokens rolled into April.
        var wallet = (await sub.Wallet.Get()).Receipt!;
        Assert.Equal(0, wallet.AccruedOverage);
        Assert.Equal(150_000, wallet.Balances.Single(b => b.Unit == "tokens").Available);
        Console.WriteLine(string.Join(Environment.NewLine, invoices.Select(i => $"{i.Number} {i.Period.Start:yyyy-MM-dd}..{i.Period.End:yyyy-MM-dd} due USD {i.AmountDue / (decimal)Usd:0.00}")));
    }
}
