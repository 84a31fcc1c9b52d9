namespace Waterfall.Domain.Billing;

/// <summary>How a wallet pays for what its grants do not cover.</summary>
[GenerateSerializer, Alias("wf.BillingMode")]
public enum BillingMode
{
    /// <summary>Refuse any charge the grants cannot cover.</summary>
    Prepaid = 0,
    /// <summary>Grants burn first (credits apply to the invoice); the rest accrues to the period's invoice without limit.</summary>
    Postpaid = 1,
    /// <summary>Grants burn first; the rest accrues as overage up to the wallet's overage limit.</summary>
    Hybrid = 2,
}
