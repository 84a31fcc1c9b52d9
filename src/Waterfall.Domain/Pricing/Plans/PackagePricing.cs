namespace Waterfall.Domain.Pricing.Plans;

/// <summary>
/// Sold in blocks: the first <see cref="IncludedQuantity"/> units are free, and the rest is billed
/// in whole packages, a started package counting as a full one.
/// </summary>
/// <example>
/// 1,000 units per package at 5, 500 included: 2,500 units → 2,000 billable → 2 packages = 10;
/// 2,501 units → 3 packages = 15.
/// </example>
public sealed record PackagePricing : PricingModel
{
    public PackagePricing(decimal PackageSize, decimal PackagePrice, decimal IncludedQuantity = 0)
    {
        var violations = new List<FieldViolation>();
        if (PackageSize <= 0) violations.Add(new("package_size", "must be positive"));
        NotNegative(PackagePrice, "package_price", violations);
        NotNegative(IncludedQuantity, "included_quantity", violations);
        InvalidPricingException.ThrowIfAny(violations);
        this.PackageSize = PackageSize;
        this.PackagePrice = PackagePrice;
        this.IncludedQuantity = IncludedQuantity;
    }

    public decimal PackageSize { get; }
    public decimal PackagePrice { get; }
    public decimal IncludedQuantity { get; }

    /// <summary>How many packages a quantity needs (after the included quantity), rounded up.</summary>
    public decimal PackagesFor(decimal quantity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(quantity);
        var billable = quantity - IncludedQuantity;
        if (billable <= 0) return 0;
        // Remainder is exact in decimal, unlike billable / PackageSize, which rounds at 28 digits and
        // could hide a sliver that should start one more package.
        var remainder = billable % PackageSize;
        var whole = (billable - remainder) / PackageSize;
        return remainder == 0 ? whole : whole + 1;
    }

    private protected override decimal PriceOf(decimal quantity) => PackagesFor(quantity) * PackagePrice;
}
