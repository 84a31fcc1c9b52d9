namespace Waterfall.Domain.Billing;

/// <summary>A wallet's billing mode and, for HYBRID, how much overage may accrue per period (nano-dollars).</summary>
public sealed record BillingTerms(BillingMode Mode, long OverageLimit = 0)
{
    public static readonly BillingTerms Prepaid = new(BillingMode.Prepaid);

    /// <summary>How much more overage may accrue, given what has accrued and what open holds reserve.</summary>
    public long OverageHeadroom(long accrued, long reservedByHolds) => Mode switch
    {
        BillingMode.Prepaid => 0,
        BillingMode.Postpaid => long.MaxValue,
        BillingMode.Hybrid => Math.Max(0, OverageLimit - accrued - reservedByHolds),
        _ => 0,
    };
}
