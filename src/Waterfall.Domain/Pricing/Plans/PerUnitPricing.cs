namespace Waterfall.Domain.Pricing.Plans;

/// <summary>Every unit costs the same: <c>quantity × UnitPrice</c>.</summary>
public sealed record PerUnitPricing : PricingModel
{
    public PerUnitPricing(decimal UnitPrice)
    {
        var violations = new List<FieldViolation>();
        NotNegative(UnitPrice, "unit_price", violations);
        InvalidPricingException.ThrowIfAny(violations);
        this.UnitPrice = UnitPrice;
    }

    public decimal UnitPrice { get; }

    private protected override decimal PriceOf(decimal quantity) => quantity * UnitPrice;
}
