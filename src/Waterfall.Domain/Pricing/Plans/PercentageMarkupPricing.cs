namespace Waterfall.Domain.Pricing.Plans;

/// <summary>
/// A percentage on top of an underlying cost: the quantity passed to <see cref="PricingModel.Price"/>
/// is that cost in USD (e.g. the rated provider cost of a period's LLM calls), and the price is
/// <c>cost × (1 + Percent / 100)</c>, exactly. A negative percent is a discount; below -100 the
/// price would be negative and is refused.
/// </summary>
/// <example>20% on 12.50 USD of provider cost: 12.50 × 1.2 = 15.00.</example>
public sealed record PercentageMarkupPricing : PricingModel
{
    public PercentageMarkupPricing(decimal Percent)
    {
        var violations = new List<FieldViolation>();
        if (Percent < -100) violations.Add(new("percent", "must not be below -100"));
        InvalidPricingException.ThrowIfAny(violations);
        this.Percent = Percent;
    }

    public decimal Percent { get; }

    private protected override decimal PriceOf(decimal underlyingCost) => underlyingCost * (1 + Percent / 100);
}
