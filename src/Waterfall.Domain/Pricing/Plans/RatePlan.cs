using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Waterfall.Domain.Billing;

namespace Waterfall.Domain.Pricing.Plans;

/// <summary>
/// One published version of a rate plan: how each metric is priced and how the wallet pays.
/// Immutable: a published version never changes, so subscriptions pinned to it bill the same forever.
/// </summary>
public sealed record RatePlan
{
    private readonly FrozenDictionary<string, PricingModel> _prices;

    public RatePlan(string Id, int Version, BillingMode BillingMode, IReadOnlyDictionary<string, PricingModel> PricesByMetric)
    {
        var violations = new List<FieldViolation>();
        if (!Identifier.IsValid(Id)) violations.Add(new("id", "must be 1-128 characters of letters, digits and . _ : -"));
        if (Version < 1) violations.Add(new("version", "must be 1 or more"));
        if (!Enum.IsDefined(BillingMode)) violations.Add(new("billing_mode", $"unknown billing mode {(int)BillingMode}"));
        if (PricesByMetric is null)
        {
            violations.Add(new("prices_by_metric", "is required"));
        }
        else
        {
            foreach (var (metric, model) in PricesByMetric)
            {
                if (!Identifier.IsValid(metric))
                    violations.Add(new("prices_by_metric", $"metric '{metric}' must be 1-128 characters of letters, digits and . _ : -"));
                if (model is null) violations.Add(new($"prices_by_metric[{metric}]", "must not be null"));
            }
        }
        InvalidPricingException.ThrowIfAny(violations);

        this.Id = Id;
        this.Version = Version;
        this.BillingMode = BillingMode;
        // Copied and frozen: the caller's dictionary may change later; a published version may not.
        _prices = PricesByMetric!.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public string Id { get; }
    public int Version { get; }
    public BillingMode BillingMode { get; }
    public IReadOnlyDictionary<string, PricingModel> PricesByMetric => _prices;

    /// <summary>The exact USD price of a quantity of one metric.</summary>
    /// <exception cref="ArgumentException">The plan does not price <paramref name="metric"/>; billing it at some default would invent a price.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The quantity is negative.</exception>
    public decimal Price(string metric, decimal quantity) =>
        TryGetModel(metric, out var model)
            ? model.Price(quantity)
            : throw new ArgumentException($"Rate plan '{Id}' v{Version} has no price for metric '{metric}'.", nameof(metric));

    /// <summary>Like <see cref="Price"/>, but answers false for a metric the plan does not price.</summary>
    public bool TryPrice(string metric, decimal quantity, out decimal price)
    {
        if (!TryGetModel(metric, out var model))
        {
            price = 0;
            return false;
        }
        price = model.Price(quantity);
        return true;
    }

    private bool TryGetModel(string metric, [NotNullWhen(true)] out PricingModel? model)
    {
        model = null;
        return metric is not null && _prices.TryGetValue(metric, out model);
    }

    public bool Equals(RatePlan? other) =>
        other is not null && Id == other.Id && Version == other.Version && BillingMode == other.BillingMode &&
        _prices.Count == other._prices.Count &&
        _prices.All(p => other._prices.TryGetValue(p.Key, out var model) && model.Equals(p.Value));

    public override int GetHashCode() => HashCode.Combine(Id, Version, BillingMode);
}
