using System.Collections.Concurrent;
using Waterfall.Domain.Pricing.Catalog;
using Waterfall.Domain.Pricing.Rating;
using Waterfall.FrontDoor.Auth;

namespace Waterfall.FrontDoor.Services;

/// <summary>One rater per tenant: the shipped catalog with the tenant's markup applied.</summary>
public sealed class TenantRating(TenantDirectory tenants)
{
    private readonly ConcurrentDictionary<string, UsageRater> _raters = new();

    public UsageRater For(string tenantId) =>
        _raters.GetOrAdd(tenantId, id =>
        {
            var markup = tenants.Tenants.TryGetValue(id, out var tenant) ? tenant.MarkupPercent : 0m;
            return new UsageRater(PriceCatalog.Default, new TenantPricing(markup, new Dictionary<string, ModelPrice>()));
        });
}
