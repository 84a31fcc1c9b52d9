using Waterfall.Domain.Pricing.Plans;

namespace Waterfall.Domain.Plans;

/// <summary>The six pricing models a plan's charge can use (see <see cref="PricingModel"/>).</summary>
[GenerateSerializer, Alias("wf.PricingKind")]
public enum PricingKind
{
    PerUnit = 0,
    Flat = 1,
    /// <summary>Graduated tiers: each unit at the rate of the band it falls in.</summary>
    Tiered = 2,
    /// <summary>Volume tiers: the total picks one band's rate for every unit.</summary>
    Volume = 3,
    /// <summary>Blocks of units after an included quota; a started block counts whole.</summary>
    Package = 4,
    /// <summary>A percentage on top of the rated LLM cost.</summary>
    Percentage = 5,
}

[GenerateSerializer, Immutable, Alias("wf.TierSpec")]
public sealed record TierSpec([property: Id(0)] decimal? UpTo, [property: Id(1)] decimal UnitPrice, [property: Id(2)] decimal FlatFee = 0);

/// <summary>
/// A pricing model as data, as a plan stores it and the wire carries it; <see cref="ToModel"/> builds the
/// model that prices, and refuses (field by field) one that cannot exist. Only the fields of its kind count.
/// </summary>
[GenerateSerializer, Immutable, Alias("wf.PricingSpec")]
public sealed record PricingSpec(
    [property: Id(0)] PricingKind Kind,
    [property: Id(1)] decimal UnitPrice = 0,
    [property: Id(2)] decimal Fee = 0,
    [property: Id(3)] TierSpec[]? Tiers = null,
    [property: Id(4)] decimal PackageSize = 0,
    [property: Id(5)] decimal PackagePrice = 0,
    [property: Id(6)] decimal IncludedQuantity = 0,
    [property: Id(7)] decimal Percent = 0)
{
    /// <exception cref="InvalidPricingException">The fields do not make a model of this kind.</exception>
    public PricingModel ToModel() => Kind switch
    {
        PricingKind.PerUnit => new PerUnitPricing(UnitPrice),
        PricingKind.Flat => new FlatPricing(Fee),
        PricingKind.Tiered => new TieredPricing(PriceTiers()),
        PricingKind.Volume => new VolumePricing(PriceTiers()),
        PricingKind.Package => new PackagePricing(PackageSize, PackagePrice, IncludedQuantity),
        PricingKind.Percentage => new PercentageMarkupPricing(Percent),
        _ => throw new InvalidPricingException([new("kind", $"unknown pricing kind {(int)Kind}")]),
    };

    private PriceTier[] PriceTiers() => Tiers?.Select(t => t is null ? null! : new PriceTier(t.UpTo, t.UnitPrice, t.FlatFee)).ToArray() ?? [];
}

/// <summary>How a plan prices one metric.</summary>
[GenerateSerializer, Immutable, Alias("wf.PlanCharge")]
public sealed record PlanCharge([property: Id(0)] string Metric, [property: Id(1)] PricingSpec Pricing);
