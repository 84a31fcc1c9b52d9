using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Waterfall.Contracts.Pricing;
using Waterfall.Domain.Pricing.Catalog;
using Waterfall.Domain.Pricing.Rating;
using Waterfall.FrontDoor.Auth;

namespace Waterfall.FrontDoor.Services;

/// <summary>
/// One rater per tenant: the shipped catalog with the tenant's published pricing (overrides and
/// markup), or its configured markup alone (version 0) until it publishes one.
/// </summary>
/// <remarks>
/// Rating is on every call's path, so each front door keeps the rater and asks the tenant's
/// pricing grain at most once per <see cref="PricingOptions.RefreshInterval"/> whether a newer
/// version exists; a publish made through this front door is seen at once, one made through
/// another within that interval (docs/rating.md, "Tenant pricing").
/// </remarks>
public sealed class TenantRating(TenantDirectory tenants, IGrainFactory grains, TimeProvider time, IOptions<PricingOptions> options)
{
    private sealed record Entry(UsageRater Rater, long CheckedAt);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<Entry>> _refreshing = new(StringComparer.Ordinal);

    /// <summary>The rater for the tenant's current prices.</summary>
    public ValueTask<UsageRater> ForAsync(string tenantId)
    {
        if (_entries.TryGetValue(tenantId, out var entry) && time.GetElapsedTime(entry.CheckedAt) < options.Value.RefreshInterval)
            return new(entry.Rater);
        return new(Refresh(tenantId));
    }

    /// <summary>Forgets what this front door knows of a tenant's prices, e.g. right after it published a version.</summary>
    public void Forget(string tenantId) => _entries.TryRemove(tenantId, out _);

    private async Task<UsageRater> Refresh(string tenantId)
    {
        // Concurrent calls for a stale tenant share one look-up.
        var task = _refreshing.GetOrAdd(tenantId, Load);
        try
        {
            return (await task).Rater;
        }
        finally
        {
            _refreshing.TryRemove(new KeyValuePair<string, Task<Entry>>(tenantId, task));
        }
    }

    private async Task<Entry> Load(string tenantId)
    {
        var current = await grains.TenantPricing(tenantId).GetCurrent();
        var version = current?.Version ?? 0;
        var rater = _entries.TryGetValue(tenantId, out var known) && known.Rater.PricingVersion == version
            ? known.Rater
            : new UsageRater(PriceCatalog.Default, current?.Pricing ?? Configured(tenantId), version);
        var entry = new Entry(rater, time.GetTimestamp());
        _entries[tenantId] = entry;
        return entry;
    }

    /// <summary>Version 0: the markup from configuration (<c>Waterfall:Tenants:{id}:MarkupPercent</c>), no overrides.</summary>
    private TenantPricing Configured(string tenantId) =>
        new(tenants.Tenants.TryGetValue(tenantId, out var tenant) ? tenant.MarkupPercent : 0m, new Dictionary<string, ModelPrice>());
}
