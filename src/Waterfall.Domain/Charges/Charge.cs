using Waterfall.Domain.Grants;
using Waterfall.Domain.Money;
using Waterfall.Domain.Pricing.Rating;

namespace Waterfall.Domain.Charges;

/// <summary>What a debit, a hold or a capture asks the wallet to pay for.</summary>
public abstract record Charge
{
    public abstract ChargeContext Context { get; }
}

/// <summary>A plain amount in one unit, e.g. USD 0.25, or 1 request.</summary>
public sealed record AmountCharge(Amount Amount, ChargeContext Context) : Charge
{
    public override ChargeContext Context { get; } = Context;
}

/// <summary>
/// An LLM call's usage, already priced. Token grants cover its tokens first (in
/// <see cref="UsageComponent"/> order); the uncovered tokens are costed at their line's price.
/// </summary>
public sealed record UsageCharge(RatedUsage Usage, string? Metric = UsageCharge.LlmTokensMetric) : Charge
{
    public const string LlmTokensMetric = "llm_tokens";

    public override ChargeContext Context => new(Metric, Usage.Model, Usage.Provider);
}
