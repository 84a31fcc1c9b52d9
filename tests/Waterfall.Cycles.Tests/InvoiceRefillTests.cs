using Waterfall.Contracts;
using Waterfall.Domain.Invoices;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Plans;
using Waterfall.Domain.Refills;
using D = Waterfall.Domain.Wallets;

namespace Waterfall.Cycles.Tests;

/// <summary>Auto-refills funded by invoice (docs/refill.md) are billed on the invoice of the period they were made in, one line each.</summary>
public class InvoiceRefillTests(CycleFixture waterfall) : IClassFixture<CycleFixture>
{
    private const long Usd = CyclePlans.Usd;
    private static readonly DateTimeOffset January = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_hybrid_period_with_two_invoice_refills_bills_each_on_its_own_line_and_the_receivable_holds_exactly_the_amount_due()
    {
        waterfall.Clock.Set(January);
        var sub = await Subscriber.SubscribeAsync(waterfall.Client, CyclePlans.HybridTiered());
        // Below USD 5, add USD 20; at most USD 40 a month: two refills, then the cap stops a third.
        var rule = await waterfall.Client.WalletRefills(sub.Tenant, sub.WalletId).SetRefillRule("rule", new RefillRule(5 * Usd, RefillMode.Fixed, 20 * Usd, 40 * Usd));
        Assert.True(rule.IsAccepted, rule.Refusal?.Message);

        waterfall.Clock.Set(January.AddDays(2));
        Assert.True((await sub.Call(100_000)).IsAccepted); // USD 5 paid by the month's tokens; USD 0 spendable: refill 1
        waterfall.Clock.Set(January.AddDays(3));
        Assert.True((await sub.Cost(18 * Usd)).IsAccepted); // from refill 1; USD 2 left: refill 2
        waterfall.Clock.Set(January.AddDays(4));
        var last = await sub.Cost(25 * Usd); // USD 22 from refill 2, USD 3 overage; the cap is used up
        Assert.Equal(3 * Usd, last.Receipt!.Coverage.Overage);

        waterfall.Clock.Set(January.AddMonths(1).AddHours(1));
        await sub.Cycle.CatchUp();

        var invoice = Assert.Single(await sub.Invoices.List("cust"));
        Assert.Equal(InvoiceStatus.Issued, invoice.Status);
        Assert.Equal(
            [(Metrics.LlmCost, 3m, 3_600_000_000L), (InvoiceBuilder.RefillsMetric, 20m, 20 * Usd), (InvoiceBuilder.RefillsMetric, 20m, 20 * Usd)],
            invoice.Lines.Select(l => (l.Metric, l.Quantity, l.Amount)));
        var refillLines = invoice.Lines.Where(l => l.Metric == InvoiceBuilder.RefillsMetric).ToList();
        Assert.All(refillLines, l => Assert.Equal((PricingKind.PerUnit, (decimal?)1m, 20m), (l.Pricing, l.UnitPrice, l.ExactAmount)));
        Assert.Contains("auto-refill 1 on 2027-01-03", refillLines[0].Description);
        Assert.Contains("auto-refill 2 on 2027-01-04", refillLines[1].Description);
        // USD 3 of overage at 1.20, and both refills at face value.
        Assert.Equal(43_600_000_000, invoice.AmountDue);
        Assert.Equal(40 * Usd, invoice.RefillsInvoiced);

        var journal = (await waterfall.Cluster.Journal.LoadAsync(new D.WalletKey(sub.Tenant, sub.WalletId))).Events;
        Assert.Equal(2, journal.OfType<D.Refilled>().Count(r => r.Funding == RefillFunding.Invoice));
        var books = WalletBooks.Post(new D.WalletKey(sub.Tenant, sub.WalletId), journal).ToList();
        Assert.All(books, t => Assert.True(t.IsBalanced, $"transaction {t.Sequence} does not balance"));
        // Owed once: the refills and the overage when made, the plan's price above catalog cost when invoiced.
        Assert.Equal(invoice.AmountDue, books.SelectMany(t => t.Postings).Where(p => p.Account == LedgerAccount.Receivable).Sum(p => p.Amount));
    }

    [Fact]
    public async Task A_prepaid_period_bills_its_invoice_refills_though_it_bills_no_usage()
    {
        waterfall.Clock.Set(January);
        var sub = await Subscriber.SubscribeAsync(waterfall.Client, CyclePlans.HybridTiered() with { BillingMode = Domain.Billing.BillingMode.Prepaid, OverageLimit = 0 });
        Assert.True((await waterfall.Client.WalletRefills(sub.Tenant, sub.WalletId).SetRefillRule("rule", new RefillRule(5 * Usd, RefillMode.Fixed, 20 * Usd, 100 * Usd))).IsAccepted);
        waterfall.Clock.Set(January.AddDays(2));
        Assert.True((await sub.Call(100_000)).IsAccepted); // paid by tokens: refill 1

        waterfall.Clock.Set(January.AddMonths(1).AddHours(1));
        await sub.Cycle.CatchUp();

        var invoice = Assert.Single(await sub.Invoices.List("cust"));
        Assert.Equal(20 * Usd, invoice.Lines.Single(l => l.Metric == InvoiceBuilder.RefillsMetric).Amount);
        Assert.Equal(20 * Usd, invoice.AmountDue);
    }

    [Fact]
    public async Task A_subscription_that_ends_bills_its_last_refills_and_stops_its_wallet_refilling_on_account()
    {
        waterfall.Clock.Set(January);
        var sub = await Subscriber.SubscribeAsync(waterfall.Client, CyclePlans.HybridTiered());
        Assert.True((await waterfall.Client.WalletRefills(sub.Tenant, sub.WalletId).SetRefillRule("rule", new RefillRule(5 * Usd, RefillMode.Fixed, 20 * Usd, 100 * Usd))).IsAccepted);
        waterfall.Clock.Set(January.AddDays(2));
        Assert.True((await sub.Call(100_000)).IsAccepted); // refill 1
        Assert.True((await sub.Customer.Cancel(new Contracts.Billing.CancelSubscription(sub.SubscriptionId, AtPeriodEnd: true))).IsAccepted);

        waterfall.Clock.Set(January.AddMonths(1).AddHours(1));
        await sub.Cycle.CatchUp();
        await sub.Cycle.CatchUp(); // a repeated tick stops nothing twice

        var last = Assert.Single(await sub.Invoices.List("cust"));
        Assert.Equal(20 * Usd, last.RefillsInvoiced);
        var refill = (await sub.Wallet.Get()).Receipt!.Refill!;
        Assert.False(refill.Enabled);
        Assert.Contains($"Subscription '{sub.SubscriptionId}' ended", refill.DisabledReason);
        // USD 1 left of the refill, below the threshold: no invoice would bill another, so none is made.
        waterfall.Clock.Set(January.AddMonths(1).AddDays(1));
        await sub.Cost(19 * Usd);
        Assert.Equal(1, (await sub.Wallet.Get()).Receipt!.Refill!.Refills);
    }
}
