using Waterfall.Domain.Pricing.Catalog;

namespace Waterfall.Grains.Pricing;

/// <summary>What a tenant pricing grain keeps durably: the published versions and the draft.</summary>
[GenerateSerializer, Alias("wf.TenantPricingGrainState")]
public sealed class TenantPricingGrainState
{
    [Id(0)] public List<TenantPriceVersion> Published { get; set; } = [];
    [Id(1)] public TenantPricing? Draft { get; set; }
}
