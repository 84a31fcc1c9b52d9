using CsCheck;
using Waterfall.Domain.Billing;
using Waterfall.Domain.Invoices;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;
using Waterfall.Domain.Plans;

namespace Waterfall.Cycles.Tests;

public class InvoiceProperties
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Gen<PricingSpec> Pricing = Gen.OneOf(
        Gen.Select(Gen.Int[0, 3000], p => new PricingSpec(PricingKind.PerUnit, UnitPrice: p / 1000m)),
        Gen.Select(Gen.Int[0, 5000], f => new PricingSpec(PricingKind.Flat, Fee: f / 100m)),
        Gen.Select(Gen.Int[1, 50], Gen.Int[1, 2000], Gen.Int[1, 2000], (b, p1, p2) => new PricingSpec(PricingKind.Tiered, Tiers: [new TierSpec(b, p1 / 1000m), new TierSpec(null, p2 / 1000m)])),
        Gen.Select(Gen.Int[1, 50], Gen.Int[1, 2000], Gen.Int[1, 2000], (b, p1, p2) => new PricingSpec(PricingKind.Volume, Tiers: [new TierSpec(b, p1 / 1000m), new TierSpec(null, p2 / 1000m)])),
        Gen.Select(Gen.Int[1, 1000], Gen.Int[0, 900], Gen.Int[0, 500], (s, p, i) => new PricingSpec(PricingKind.Package, PackageSize: s, PackagePrice: p / 100m, IncludedQuantity: i)),
        Gen.Select(Gen.Int[0, 100], p => new PricingSpec(PricingKind.Percentage, Percent: p)));

    private static readonly Gen<PlanCharge[]> Charges = Gen.Select(Gen.OneOf(Gen.Const(Metrics.LlmCost), Gen.Const(Metrics.LlmTokens), Gen.Const(Metrics.Requests), Gen.Const(Metrics.InputTokens)), Pricing,
        (m, p) => new PlanCharge(m, p)).Array[0, 5];

    [Fact]
    public void Invoice_lines_sum_to_the_total_in_every_billing_mode()
    {
        var calls = Gen.Select(Gen.Long[0, 80_000], Gen.Int[1, 40]).Array[0, 12];
        Gen.Select(Gen.Int[0, 2], Charges, Gen.Long[0, 120_000], calls).Sample((mode, charges, bonus, usage) =>
        {
            var billing = (BillingMode)mode;
            var journal = new WalletJournal(billing, 1_000 * CyclePlans.Usd, Start);
            if (bonus > 0) journal.GrantTokens("bonus", bonus, Start, null);
            var period = new PeriodSpan(1, Start, Start.AddMonths(1));
            foreach (var (tokens, micro) in usage)
            {
                if (tokens == 0) continue;
                var outcome = journal.Wallet.Debit(new Domain.Wallets.DebitWallet(journal.NextKey(), new Domain.Charges.UsageCharge(
                    new Domain.Pricing.Rating.RatedUsage("m", "p", [new(Domain.Pricing.Rating.UsageComponent.Input, tokens, micro / 1_000_000m)], false, null))), Start.AddDays(1));
                if (outcome.IsAccepted) journal.Events.AddRange(outcome.Events); // PREPAID refuses what grants cannot pay
            }

            var invoice = Build(journal, period, new PlanTerms("p", billing, billing == BillingMode.Hybrid ? 1_000 * CyclePlans.Usd : 0, BillingPeriod.MonthlyUtc, charges, [], WalletDefaults.None, []));

            Assert.Equal(invoice.Lines.Sum(l => l.Amount), invoice.Total);
            Assert.Equal(invoice.Total, invoice.AmountDue);
            Assert.All(invoice.Lines, l => Assert.Equal(NanoDollars.Round(l.ExactAmount), l.Amount));
            Assert.All(invoice.Lines.Where(l => l.Pricing == PricingKind.Tiered), l => Assert.Equal(l.ExactAmount, l.Tiers.Sum(t => t.Amount)));
            if (billing == BillingMode.Prepaid) Assert.All(invoice.Lines.Where(l => l.Pricing != PricingKind.Flat), l => Assert.Equal(0, l.Quantity));
            Assert.Equal(journal.Events.OfType<Domain.Wallets.Debited>().Sum(d => d.Coverage.Overage), invoice.OverageInvoiced);
        });
    }

    [Fact]
    public void A_hybrid_invoice_bills_the_llm_cost_the_bonus_tokens_did_not_cover_at_graduated_prices()
    {
        var journal = new WalletJournal(BillingMode.Hybrid, 100 * CyclePlans.Usd, Start);
        journal.GrantTokens("bonus", 100_000, Start, Start.AddMonths(1));
        // 400,000 tokens at USD 0.00005: 100,000 covered by the bonus, 300,000 cost USD 15 of overage.
        journal.Call(400_000, 0.00005m, Start.AddDays(3));

        var invoice = Build(journal, new PeriodSpan(1, Start, Start.AddMonths(1)), CyclePlans.HybridTiered());

        var line = Assert.Single(invoice.Lines);
        Assert.Equal(20m, line.Usage);
        Assert.Equal(15m, line.Quantity);
        Assert.Equal([new TierApplied(0, 10, 10, 1.20m, 0, 12m), new TierApplied(10, null, 5, 1.00m, 0, 5m)], line.Tiers);
        Assert.Equal(17 * CyclePlans.Usd, invoice.AmountDue);
        Assert.Equal(15 * CyclePlans.Usd, invoice.OverageInvoiced);
        Assert.Equal([new CreditApplied("bonus", "tokens", 100_000)], invoice.Credits);
    }

    private static Invoice Build(WalletJournal journal, PeriodSpan period, PlanTerms terms)
    {
        var usage = new PeriodUsage(period);
        var grants = new GrantDirectory();
        foreach (var e in journal.Events)
        {
            grants.Observe(e);
            usage.Add(e, grants);
        }
        return InvoiceBuilder.Build(new InvoiceSubject("c", "s1", "w", "plan", new PlanVersion(1, terms, Start)), usage, period.End);
    }
}
