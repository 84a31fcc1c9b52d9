namespace Waterfall.Domain.Pricing.Plans;

/// <summary>
/// A fixed fee for the period, whatever the quantity, zero included: a platform or seat fee.
/// </summary>
public sealed record FlatPricing : PricingModel
{
    public FlatPricing(decimal Fee)
    {
        var violations = new List<FieldViolation>();
        NotNegative(Fee, "fee", violations);
        InvalidPricingException.ThrowIfAny(violations);
        this.Fee = Fee;
    }

    public decimal Fee { get; }

    private protected override decimal PriceOf(decimal quantity) => Fee;
}
