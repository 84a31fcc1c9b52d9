using Waterfall.Contracts;
using Waterfall.Domain.Invoices;
using Waterfall.TestSupport;

namespace Waterfall.Cycles.Tests;

/// <summary>Progressive billing (docs/billing.md): an interim invoice the moment accrued overage crosses the plan's threshold.</summary>
public class ProgressiveBillingTests(CycleFixture waterfall) : IClassFixture<CycleFixture>
{
    private const long Usd = CyclePlans.Usd;
    private static readonly DateTimeOffset January = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Concurrent_debits_crossing_the_threshold_issue_one_interim_invoice_and_the_closing_one_bills_only_the_rest()
    {
        var sub = await SubscribedWithTheMonthsTokensUsedUp();

        // 15 debits of USD 1 at once: the accrual crosses USD 10 once (after the interim invoice at most 5 more can accrue).
        var debits = await Task.WhenAll(Enumerable.Range(0, 15).Select(_ => sub.Cost(Usd)).ToArray());
        Assert.All(debits, d => Assert.Equal(Usd, d.Receipt!.Coverage.Overage));
        var interim = Assert.Single(await Eventually.UntilAsync(() => InterimOf(sub), i => i.Length > 0, TimeSpan.FromSeconds(30)));
        Assert.Null(await sub.Cycle.BillProgressive()); // asked again: the crossing was billed

        Assert.Equal((1, "INV-000001", InvoiceStatus.Issued), (interim.Interim, interim.Number, interim.Status));
        Assert.InRange(interim.OverageInvoiced, 10 * Usd, 15 * Usd);
        // Graduated from the period's start: the first USD 10 at 1.20, the rest at 1.00.
        Assert.Equal(12 * Usd + (interim.OverageInvoiced - 10 * Usd), interim.AmountDue);
        Assert.DoesNotContain(interim.Lines, l => l.Pricing == Waterfall.Domain.Plans.PricingKind.Flat);

        waterfall.Clock.Set(January.AddMonths(1).AddHours(1));
        await sub.Cycle.CatchUp();
        var closing = (await sub.Invoices.List("cust")).Single(i => i.Interim == 0);
        // USD 15 of overage in the period: 10 × 1.20 + 5 × 1.00 = 17, of which the interim invoice billed its part.
        Assert.Equal(17 * Usd, closing.Total);
        Assert.Equal(17 * Usd - interim.AmountDue, closing.AmountDue);
        Assert.Equal(interim.AmountDue, closing.InterimBilled);
        Assert.Equal(15 * Usd - interim.OverageInvoiced, closing.OverageInvoiced);
        Assert.Equal("INV-000002", closing.Number);
        Assert.Equal(0, (await sub.Wallet.Get()).Receipt!.AccruedOverage);
    }

    [Fact]
    public async Task Overage_crossing_the_threshold_through_a_captured_hold_issues_the_interim_invoice()
    {
        var sub = await SubscribedWithTheMonthsTokensUsedUp();

        var cost = new Charge(new Amount(12 * Usd, "usd"), new ChargeContext(Waterfall.Domain.Plans.Metrics.LlmCost, null, null), null, null);
        var hold = await sub.Wallet.Authorize(new AuthorizeHold("hold-1", cost, TimeSpan.FromMinutes(5), null));
        Assert.True(hold.IsAccepted);
        var captured = await sub.Wallet.Capture(new CaptureHold("capture-1", hold.Receipt!.Hold, cost, null));
        Assert.Equal(12 * Usd, captured.Receipt!.Captured.Overage);

        // Nobody asks the cycle to bill: the capture's own nudge must reach it.
        var interim = Assert.Single(await Eventually.UntilAsync(() => InterimOf(sub), i => i.Length > 0, TimeSpan.FromSeconds(30)));
        Assert.Equal((1, InvoiceStatus.Issued, 12 * Usd), (interim.Interim, interim.Status, interim.OverageInvoiced));
    }

    [Fact]
    public async Task Overage_below_the_threshold_issues_no_interim_invoice()
    {
        var sub = await SubscribedWithTheMonthsTokensUsedUp();
        Assert.True((await sub.Cost(9 * Usd)).IsAccepted);

        Assert.Null(await sub.Cycle.BillProgressive());
        Assert.Empty(await InterimOf(sub));
    }

    /// <summary>A HYBRID subscriber with a USD 10 progressive threshold, three days into January, its month's tokens used up: what it spends next is overage.</summary>
    private async Task<Subscriber> SubscribedWithTheMonthsTokensUsedUp()
    {
        waterfall.Clock.Set(January);
        var sub = await Subscriber.SubscribeAsync(waterfall.Client, CyclePlans.HybridTiered() with { ProgressiveThreshold = 10 * Usd });
        waterfall.Clock.Set(January.AddDays(3));
        Assert.True((await sub.Call(100_000)).IsAccepted);
        return sub;
    }

    private static async Task<Invoice[]> InterimOf(Subscriber sub) => [.. (await sub.Invoices.List("cust")).Where(i => i.Interim > 0)];
}
