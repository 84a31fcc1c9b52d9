namespace Waterfall.Domain.Pricing.Plans;

/// <summary>
/// Volume tiers: the total quantity picks one tier (the first whose inclusive bound it does not
/// exceed) and every unit is priced at that tier's rate, plus that tier's flat fee. Unlike
/// <see cref="TieredPricing"/> the price can drop when a bound is crossed; that is the point of a
/// volume discount. A zero quantity costs nothing.
/// </summary>
/// <example>
/// Tiers ≤1,000 at 0.01, ≤5,000 at 0.008, beyond at 0.005; 7,000 units cost 7,000 × 0.005 = 35.
/// </example>
public sealed record VolumePricing : PricingModel
{
    private readonly PriceTier[] _tiers;

    public VolumePricing(IReadOnlyList<PriceTier> Tiers)
    {
        _tiers = PriceTier.Checked(Tiers);
    }

    public IReadOnlyList<PriceTier> Tiers => _tiers;

    private protected override decimal PriceOf(decimal quantity)
    {
        if (quantity == 0) return 0;
        // The last tier is unbounded (checked on construction), so a tier is always found.
        var tier = Array.Find(_tiers, t => t.UpTo is not { } upTo || quantity <= upTo)!;
        return quantity * tier.UnitPrice + tier.FlatFee;
    }

    public bool Equals(VolumePricing? other) => other is not null && _tiers.SequenceEqual(other._tiers);

    public override int GetHashCode() => _tiers.Length;
}
