using System.Collections.Frozen;

namespace Waterfall.Domain.Pricing.Catalog;

/// <summary>
/// How one tenant's prices differ from the shared catalog: whole-model overrides (replacing or
/// adding models) and a markup on every unit price.
/// </summary>
/// <remarks>
/// The markup multiplies each USD-per-token price by exactly <c>1 + MarkupPercent / 100</c>, after
/// the long-context tier and batch prices are chosen. A negative markup is a discount; below -100
/// prices would turn negative, so it is refused.
/// </remarks>
public sealed record TenantPricing
{
    public TenantPricing(decimal MarkupPercent, IReadOnlyDictionary<string, ModelPrice> Overrides)
    {
        this.MarkupPercent = MarkupPercent;
        this.Overrides = Overrides;
    }

    /// <summary>No markup, no overrides: the catalog's own prices.</summary>
    public static TenantPricing None { get; } = new(0, new Dictionary<string, ModelPrice>());

    public decimal MarkupPercent
    {
        get;
        init => field = value >= -100
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MarkupPercent), value, "A markup below -100% would make prices negative.");
    }

    /// <summary>Prices by model id. Each key must equal its price's <see cref="ModelPrice.Id"/>.</summary>
    public IReadOnlyDictionary<string, ModelPrice> Overrides
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Overrides));
            foreach (var (key, price) in value)
            {
                ArgumentNullException.ThrowIfNull(price, nameof(Overrides));
                // A mismatch would leave it unclear which id the tenant meant to price.
                if (!string.Equals(key, price.Id, StringComparison.Ordinal))
                    throw new ArgumentException($"Override key '{key}' does not match its model id '{price.Id}'.", nameof(Overrides));
                var violations = price.Violations();
                if (violations.Count > 0)
                    throw new ArgumentException(
                        $"Invalid override for model '{key}': " + string.Join("; ", violations.Select(v => $"{v.Field} {v.Description}")),
                        nameof(Overrides));
            }
            // Copied so a caller mutating its dictionary later cannot change a tenant's prices under a running rater.
            field = value.ToFrozenDictionary(StringComparer.Ordinal);
        }
    }

    /// <summary>The exact factor every unit price is multiplied by.</summary>
    public decimal MarkupFactor => 1m + MarkupPercent / 100m;

    /// <summary>The catalog this tenant rates against: the shared one with the overrides applied.</summary>
    public PriceCatalog Apply(PriceCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return Overrides.Count == 0 ? catalog : catalog.WithOverrides(Overrides.Values);
    }

    public void Deconstruct(out decimal MarkupPercent, out IReadOnlyDictionary<string, ModelPrice> Overrides)
    {
        MarkupPercent = this.MarkupPercent;
        Overrides = this.Overrides;
    }
}
