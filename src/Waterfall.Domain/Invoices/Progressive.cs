namespace Waterfall.Domain.Invoices;

/// <summary>
/// Progressive billing: a plan's <see cref="Plans.PlanTerms.ProgressiveThreshold"/> bills a period's overage
/// in interim invoices as it accrues, each time the wallet's accrued overage (what no invoice has billed
/// yet) reaches the threshold. Issuing an interim invoice takes what it bills off the accrual, so the next
/// crossing is the next threshold's worth of new overage: one interim invoice per crossing.
/// </summary>
public static class Progressive
{
    /// <summary>True when the overage accrued and not yet invoiced has reached the threshold (0: progressive billing is off).</summary>
    public static bool IsDue(long threshold, long accruedOverage) => threshold > 0 && accruedOverage >= threshold;

    /// <summary>What a period's interim invoices (the ones not voided) billed: amount due and catalog-rated overage.</summary>
    public static (long AmountDue, long Overage) Billed(IEnumerable<Invoice> interim)
    {
        long due = 0, overage = 0;
        foreach (var i in interim.Where(i => i.Interim > 0 && i.Status != InvoiceStatus.Void))
        {
            due = checked(due + i.AmountDue);
            overage = checked(overage + i.OverageInvoiced);
        }
        return (due, overage);
    }
}
