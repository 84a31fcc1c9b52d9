using Waterfall.Domain.Pricing.Catalog;

namespace Waterfall.Contracts.Pricing;

/// <summary>A tenant's price overrides and markup, versioned (key: the tenant id). Admin writes, everyone rates from <see cref="GetCurrent"/>.</summary>
[Alias("wf.ITenantPricingGrain")]
public interface ITenantPricingGrain : IGrainWithStringKey
{
    /// <summary>The newest published version, or null when the tenant has published none (its configured markup alone applies).</summary>
    [Alias("GetCurrent")]
    Task<TenantPriceVersion?> GetCurrent();

    [Alias("GetVersion")]
    Task<TenantPriceVersion?> GetVersion(int version);

    /// <summary>Every published version, oldest first, and the draft.</summary>
    [Alias("GetSheet")]
    Task<TenantPriceSheet> GetSheet();

    /// <summary>Replaces the draft; null when saved, else why nothing changed.</summary>
    [Alias("SaveDraft")]
    Task<Refusal?> SaveDraft(decimal markupPercent, ModelPrice[] overrides);

    /// <summary>Publishes the draft as the next version; the same key answers the version it published.</summary>
    [Alias("Publish")]
    Task<Reply<TenantPriceVersion>> Publish(string idempotencyKey);
}

[GenerateSerializer, Immutable, Alias("wf.TenantPriceSheet")]
public sealed record TenantPriceSheet([property: Id(0)] TenantPriceVersion[] Published, [property: Id(1)] TenantPricing? Draft);

public static class TenantPricingGrains
{
    public static ITenantPricingGrain TenantPricing(this IGrainFactory grains, string tenantId) => grains.GetGrain<ITenantPricingGrain>(tenantId);
}
