using System.Globalization;
using Waterfall.Domain.Billing;
using Waterfall.Domain.Money;
using Waterfall.Domain.Plans;
using Waterfall.Domain.Pricing.Plans;

namespace Waterfall.Domain.Invoices;

/// <summary>Who and what an invoice bills: the subscription's customer, wallet and pinned plan version.</summary>
public sealed record InvoiceSubject(string CustomerId, string SubscriptionId, string WalletId, string PlanId, PlanVersion Version);

/// <summary>
/// Builds a period's invoice from its usage and the plan's charges, each priced by its own model
/// (<see cref="PricingSpec"/>). What is billed depends on the billing mode: POSTPAID and HYBRID bill the
/// usage the credits did not cover (HYBRID's is bounded by its overage limit at the wallet), PREPAID bills
/// no usage (the wallet refused what grants could not pay); flat fees are billed in every mode.
/// </summary>
public static class InvoiceBuilder
{
    /// <summary>The metric of the lines that bill the period's auto-refills funded by invoice, one line per refill.</summary>
    public const string RefillsMetric = "refills";

    /// <param name="interim">The period's interim invoices not voided: the closing invoice bills only what they did not.</param>
    public static Invoice Build(InvoiceSubject subject, PeriodUsage usage, DateTimeOffset now, IReadOnlyList<Invoice>? interim = null)
    {
        var terms = subject.Version.Terms;
        var lines = terms.Charges.Select(charge => Line(charge, terms.BillingMode, usage)).ToList();
        long refills = 0;
        foreach (var refill in usage.InvoicedRefills)
        {
            var line = RefillLine(refill);
            lines.Add(line);
            refills = checked(refills + line.Amount);
        }
        long total = 0;
        foreach (var line in lines) total = checked(total + line.Amount);
        var billed = Progressive.Billed(interim ?? []);
        return new Invoice(
            Invoice.IdFor(subject.CustomerId, subject.SubscriptionId, usage.Period.Number), null, InvoiceStatus.Draft,
            subject.CustomerId, subject.SubscriptionId, subject.WalletId, subject.PlanId, subject.Version.Number, terms.BillingMode,
            usage.Period, [.. lines], [.. usage.Credits], total, Math.Max(0, total - billed.AmountDue), Math.Max(0, usage.Overage - billed.Overage), now,
            RefillsInvoiced: refills, InterimBilled: billed.AmountDue);
    }

    /// <summary>
    /// An interim invoice for the overage of the period so far (<paramref name="usage"/> up to now): the
    /// usage lines priced on everything uncovered so far (so graduated tiers count from the period's start),
    /// less what the earlier interim invoices billed. No flat fees and no refills: the closing invoice bills those.
    /// </summary>
    public static Invoice BuildInterim(InvoiceSubject subject, PeriodUsage usage, IReadOnlyList<Invoice> earlier, DateTimeOffset now)
    {
        var terms = subject.Version.Terms;
        var lines = terms.Charges.Where(c => c.Pricing.Kind != PricingKind.Flat).Select(charge => Line(charge, terms.BillingMode, usage)).ToList();
        long total = 0;
        foreach (var line in lines) total = checked(total + line.Amount);
        var billed = Progressive.Billed(earlier);
        var number = earlier.Count + 1;
        return new Invoice(
            Invoice.InterimIdFor(subject.CustomerId, subject.SubscriptionId, usage.Period.Number, number), null, InvoiceStatus.Draft,
            subject.CustomerId, subject.SubscriptionId, subject.WalletId, subject.PlanId, subject.Version.Number, terms.BillingMode,
            usage.Period, [.. lines], [.. usage.Credits], total, Math.Max(0, total - billed.AmountDue), Math.Max(0, usage.Overage - billed.Overage), now,
            Interim: number);
    }

    /// <summary>
    /// One auto-refill funded by invoice: a purchase on account, so it is due in every billing mode. The quantity is
    /// the USD credited and the unit price the grant's cost basis (what the customer pays per USD of credit), so the
    /// amount is exactly what the refill added to the receivable when it was made (a refill's cost basis is 1).
    /// </summary>
    public static InvoiceLine RefillLine(Wallets.Refilled refill)
    {
        var credited = NanoDollars.ToUsd(refill.Amount);
        var unitPrice = refill.Terms.CostBasis ?? 1m;
        var exact = credited * unitPrice;
        return new InvoiceLine(RefillsMetric, PricingKind.PerUnit, credited, credited, unitPrice, [], exact, NanoDollars.Round(exact),
            string.Create(CultureInfo.InvariantCulture,
                $"{RefillsMetric}: auto-refill {refill.Number} on {refill.At.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, USD {credited} credited at USD {unitPrice} per USD"));
    }

    public static InvoiceLine Line(PlanCharge charge, BillingMode mode, PeriodUsage usage)
    {
        var spec = charge.Pricing;
        var all = usage.UsageOf(charge.Metric);
        if (spec.Kind == PricingKind.Flat)
            return new InvoiceLine(charge.Metric, spec.Kind, all, 1, spec.Fee, [], spec.Fee, NanoDollars.Round(spec.Fee),
                $"{charge.Metric}: flat fee for the period");

        var quantity = mode == BillingMode.Prepaid ? 0 : usage.UncoveredOf(charge.Metric);
        var exact = spec.ToModel().Price(quantity);
        var tiers = spec.Kind switch
        {
            PricingKind.Tiered => Graduated(spec.Tiers ?? [], quantity),
            PricingKind.Volume => Volume(spec.Tiers ?? [], quantity),
            _ => [],
        };
        decimal? unitPrice = spec.Kind switch
        {
            PricingKind.PerUnit => spec.UnitPrice,
            PricingKind.Package => spec.PackagePrice,
            PricingKind.Volume => tiers.Length > 0 ? tiers[0].UnitPrice : null,
            _ => null,
        };
        return new InvoiceLine(charge.Metric, spec.Kind, all, quantity, unitPrice, tiers, exact, NanoDollars.Round(exact), Describe(charge, quantity));
    }

    /// <summary>The bands a graduated price went through, each with its share of the price (they sum to it exactly).</summary>
    public static TierApplied[] Graduated(TierSpec[] tiers, decimal quantity)
    {
        var applied = new List<TierApplied>();
        decimal lower = 0;
        foreach (var tier in tiers)
        {
            if (quantity <= lower) break;
            var upper = tier.UpTo is { } upTo ? Math.Min(quantity, upTo) : quantity;
            var inTier = upper - lower;
            applied.Add(new TierApplied(lower, tier.UpTo, inTier, tier.UnitPrice, tier.FlatFee, inTier * tier.UnitPrice + tier.FlatFee));
            lower = upper;
        }
        return [.. applied];
    }

    public static TierApplied[] Volume(TierSpec[] tiers, decimal quantity)
    {
        if (quantity == 0) return [];
        decimal lower = 0;
        foreach (var tier in tiers)
        {
            if (tier.UpTo is not { } upTo || quantity <= upTo)
                return [new TierApplied(lower, tier.UpTo, quantity, tier.UnitPrice, tier.FlatFee, quantity * tier.UnitPrice + tier.FlatFee)];
            lower = upTo;
        }
        return [];
    }

    private static string Describe(PlanCharge charge, decimal quantity) =>
        string.Create(CultureInfo.InvariantCulture, $"{charge.Metric}: {quantity} billed ({charge.Pricing.Kind.ToString().ToLowerInvariant()})");
}
