using Waterfall.Contracts.Pricing;
using Waterfall.Domain.Pricing.Catalog;

namespace Waterfall.Grains.Billing;

/// <summary>
/// The models a tenant's plans and campaigns may name (grant scopes, allowed models): the shipped
/// catalog's, and those the tenant's published price book adds (tenant-defined models, docs/rating.md).
/// A draft price book does not count: only published prices rate calls, so a plan naming a model only a
/// draft knows would price usage nothing could be rated for.
/// </summary>
public class KnownModels(PriceCatalog catalog)
{
    public static readonly KnownModels Catalog = new(PriceCatalog.Default);

    public async Task<Func<string, bool>> ForTenant(IGrainFactory grains, string tenantId)
    {
        var published = await grains.TenantPricing(tenantId).GetCurrent();
        var rated = published is null ? catalog : published.Pricing.Apply(catalog);
        return model => rated.TryGet(model, out _);
    }
}
