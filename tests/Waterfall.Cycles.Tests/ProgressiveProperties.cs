using CsCheck;
using Waterfall.Domain.Billing;
using Waterfall.Domain.Invoices;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Plans;

namespace Waterfall.Cycles.Tests;

/// <summary>The pure rules of progressive billing (<see cref="Progressive"/>, <see cref="InvoiceBuilder.BuildInterim"/>).</summary>
public class ProgressiveProperties
{
    private const long Usd = CyclePlans.Usd;
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly PeriodSpan Period = new(1, Start, Start.AddMonths(1));

    private static readonly PlanTerms Terms = CyclePlans.HybridTiered() with
    {
        OverageLimit = 10_000 * Usd,
        ProgressiveThreshold = 5 * Usd,
        Charges = [.. CyclePlans.HybridTiered().Charges, new PlanCharge("platform", new PricingSpec(PricingKind.Flat, Fee: 5m))],
        CustomMetrics = ["platform"],
    };

    [Fact]
    public void Interim_invoices_and_the_closing_one_together_bill_exactly_what_one_closing_invoice_would()
    {
        Gen.Select(Gen.Long[1, 400_000].Array[1, 10], Gen.Int[0, 10], Gen.Int[0, 10]).Sample((calls, a, b) =>
        {
            var journal = new WalletJournal(BillingMode.Hybrid, Terms.OverageLimit, Start);
            journal.GrantTokens("bonus", 100_000, Start, Period.End);
            var cuts = new List<int>();
            for (var i = 0; i < calls.Length; i++)
            {
                journal.Call(calls[i], 0.00005m, Start.AddDays(1 + i));
                if (i == Math.Min(a, b) || i == Math.Max(a, b)) cuts.Add(journal.Events.Count);
            }

            var interim = new List<Invoice>();
            foreach (var cut in cuts.Distinct())
                interim.Add(InvoiceBuilder.BuildInterim(Subject, Usage(journal.Events.Take(cut)), interim, Period.End) with { Status = InvoiceStatus.Issued });
            var closing = InvoiceBuilder.Build(Subject, Usage(journal.Events), Period.End, interim);
            var alone = InvoiceBuilder.Build(Subject, Usage(journal.Events), Period.End);

            Assert.Equal(alone.AmountDue, interim.Sum(i => i.AmountDue) + closing.AmountDue);
            Assert.Equal(alone.OverageInvoiced, interim.Sum(i => i.OverageInvoiced) + closing.OverageInvoiced);
            Assert.Equal(alone.Total, closing.Total);
            Assert.All(interim, i => Assert.DoesNotContain(i.Lines, l => l.Pricing == PricingKind.Flat));
            Assert.True(closing.AmountDue >= 5 * Usd, "the closing invoice keeps the flat fee");
            Assert.Equal(Enumerable.Range(1, interim.Count), interim.Select(i => i.Interim));
        });
    }

    [Fact]
    public void A_voided_interim_invoice_leaves_its_part_to_the_closing_invoice()
    {
        var journal = new WalletJournal(BillingMode.Hybrid, Terms.OverageLimit, Start);
        journal.Call(400_000, 0.00005m, Start.AddDays(2)); // USD 20 of overage
        var voided = InvoiceBuilder.BuildInterim(Subject, Usage(journal.Events), [], Start.AddDays(2)) with { Status = InvoiceStatus.Void };

        var closing = InvoiceBuilder.Build(Subject, Usage(journal.Events), Period.End, [voided]);

        Assert.Equal(0, closing.InterimBilled);
        Assert.Equal(closing.Total, closing.AmountDue);
    }

    [Theory]
    [InlineData(0, 1_000_000_000_000, false)]
    [InlineData(5_000_000_000, 4_999_999_999, false)]
    [InlineData(5_000_000_000, 5_000_000_000, true)]
    public void An_interim_invoice_is_due_once_the_accrual_reaches_a_set_threshold(long threshold, long accrued, bool due) =>
        Assert.Equal(due, Progressive.IsDue(threshold, accrued));

    [Fact]
    public void A_prepaid_plan_cannot_bill_progressively()
    {
        var terms = new PlanTerms("p", BillingMode.Prepaid, 0, BillingPeriod.MonthlyUtc, [], [], WalletDefaults.None, [], ProgressiveThreshold: Usd);
        Assert.Contains(PlanValidation.Check(terms, _ => true), v => v.Field == "progressive_threshold");
    }

    private static InvoiceSubject Subject => new("c", "s1", "w", "plan", new PlanVersion(1, Terms, Start));

    private static PeriodUsage Usage(IEnumerable<Domain.Wallets.WalletEvent> events)
    {
        var usage = new PeriodUsage(Period);
        var grants = new GrantDirectory();
        foreach (var e in events)
        {
            grants.Observe(e);
            usage.Add(e, grants);
        }
        return usage;
    }
}
