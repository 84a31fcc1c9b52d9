using Waterfall.Domain.Pricing.Plans;

namespace Waterfall.Domain.Plans;

/// <summary>One version of a plan: a draft until <see cref="PublishedAt"/> is set, and never changed after.</summary>
[GenerateSerializer, Immutable, Alias("wf.PlanVersion")]
public sealed record PlanVersion(
    [property: Id(0)] int Number,
    [property: Id(1)] PlanTerms Terms,
    [property: Id(2)] DateTimeOffset? PublishedAt)
{
    public bool IsPublished => PublishedAt is not null;

    /// <summary>The version's charges as a rate plan, to price a quantity of a metric exactly. Only valid terms build one.</summary>
    public RatePlan ToRatePlan(string planId) =>
        new(planId, Number, Terms.BillingMode, Terms.Charges.ToDictionary(c => c.Metric, c => c.Pricing.ToModel(), StringComparer.Ordinal));
}
