using Waterfall.Domain.Billing;

namespace Waterfall.Domain.Plans;

/// <summary>What happens to a wallet's unused plan credits when its subscription is canceled.</summary>
[GenerateSerializer, Alias("wf.UnusedCredits")]
public enum UnusedCredits
{
    /// <summary>The credits stay in the wallet until they expire.</summary>
    Keep = 0,
    /// <summary>The plan's grants are forfeited when the subscription ends (applied by the billing cycle).</summary>
    Forfeit = 1,
}

/// <summary>Everything one version of a plan says: how it bills, what it charges, what it gives.</summary>
/// <param name="OverageLimit">Nano-dollars of overage a HYBRID wallet may accrue per period; 0 for the other modes.</param>
/// <param name="CustomMetrics">Tenant-defined metrics this plan may price or scope grants to, beside <see cref="Metrics.BuiltIn"/>.</param>
/// <param name="ProgressiveThreshold">Nano-dollars of overage accrued in a period at which an interim invoice bills the overage so far
/// (progressive billing, docs/billing.md); 0: none, the period's closing invoice bills it all.</param>
[GenerateSerializer, Immutable, Alias("wf.PlanTerms")]
public sealed record PlanTerms(
    [property: Id(0)] string Name,
    [property: Id(1)] BillingMode BillingMode,
    [property: Id(2)] long OverageLimit,
    [property: Id(3)] BillingPeriod Period,
    [property: Id(4)] PlanCharge[] Charges,
    [property: Id(5)] PlanGrant[] Grants,
    [property: Id(6)] WalletDefaults Defaults,
    [property: Id(7)] string[] CustomMetrics,
    [property: Id(8)] UnusedCredits OnCancel = UnusedCredits.Keep,
    [property: Id(9)] long ProgressiveThreshold = 0);
