namespace Waterfall.Domain.Pricing.Plans;

/// <summary>
/// Graduated tiers: each unit is priced at the rate of the tier it falls in, so crossing a bound
/// never makes the earlier units cheaper. A tier's flat fee is added once the quantity enters it
/// (is above the previous bound); a zero quantity costs nothing.
/// </summary>
/// <example>
/// Tiers ≤1,000 at 0.01, ≤5,000 at 0.008, beyond at 0.005; 7,000 units cost
/// 1,000 × 0.01 + 4,000 × 0.008 + 2,000 × 0.005 = 52.
/// </example>
public sealed record TieredPricing : PricingModel
{
    private readonly PriceTier[] _tiers;

    public TieredPricing(IReadOnlyList<PriceTier> Tiers)
    {
        _tiers = PriceTier.Checked(Tiers);
    }

    public IReadOnlyList<PriceTier> Tiers => _tiers;

    private protected override decimal PriceOf(decimal quantity)
    {
        decimal total = 0;
        decimal lower = 0;
        foreach (var tier in _tiers)
        {
            if (quantity <= lower) break;
            var upper = tier.UpTo is { } upTo ? Math.Min(quantity, upTo) : quantity;
            total += (upper - lower) * tier.UnitPrice + tier.FlatFee;
            lower = upper;
        }
        return total;
    }

    public bool Equals(TieredPricing? other) => other is not null && _tiers.SequenceEqual(other._tiers);

    public override int GetHashCode() => _tiers.Length;
}
