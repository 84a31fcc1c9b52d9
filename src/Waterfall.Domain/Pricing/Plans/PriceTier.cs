namespace Waterfall.Domain.Pricing.Plans;

/// <summary>
/// One band of a tiered or volume price. A tier covers the quantities above the previous tier's
/// <see cref="UpTo"/> up to and including its own; the first starts at 0.
/// </summary>
/// <param name="UpTo">The inclusive upper bound of the band; null for "and beyond" (only the last tier).</param>
/// <param name="UnitPrice">Exact USD per unit in this band.</param>
/// <param name="FlatFee">Exact USD charged once when the quantity enters this band (see each model).</param>
public sealed record PriceTier(decimal? UpTo, decimal UnitPrice, decimal FlatFee = 0)
{
    /// <summary>
    /// The rules both tiered and volume pricing need: at least one tier, bounds strictly rising,
    /// the last unbounded (so every quantity has a tier), nothing negative.
    /// </summary>
    internal static PriceTier[] Checked(IReadOnlyList<PriceTier>? tiers)
    {
        var violations = new List<FieldViolation>();
        if (tiers is null || tiers.Count == 0)
        {
            violations.Add(new("tiers", "at least one tier is required"));
            InvalidPricingException.ThrowIfAny(violations);
        }
        var copy = tiers!.ToArray();
        decimal previous = 0;
        for (var i = 0; i < copy.Length; i++)
        {
            var tier = copy[i];
            var field = $"tiers[{i}]";
            if (tier is null)
            {
                violations.Add(new(field, "must not be null"));
                continue;
            }
            var last = i == copy.Length - 1;
            if (tier.UpTo is { } upTo)
            {
                if (last) violations.Add(new($"{field}.up_to", "the last tier must be unbounded (null), so every quantity has a price"));
                if (upTo <= previous) violations.Add(new($"{field}.up_to", i == 0 ? "must be positive" : "must be above the previous tier's up_to"));
                previous = Math.Max(previous, upTo);
            }
            else if (!last)
            {
                violations.Add(new($"{field}.up_to", "only the last tier may be unbounded"));
            }
            if (tier.UnitPrice < 0) violations.Add(new($"{field}.unit_price", "must not be negative"));
            if (tier.FlatFee < 0) violations.Add(new($"{field}.flat_fee", "must not be negative"));
        }
        InvalidPricingException.ThrowIfAny(violations);
        return copy;
    }
}
