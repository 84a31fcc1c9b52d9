namespace Waterfall.Domain.Pricing.Catalog;

/// <summary>
/// One published version of a tenant's prices. A published version never changes: a rated call
/// records the version that priced it, so every charge can be explained by the prices of its day.
/// </summary>
/// <param name="Version">1, 2, ...; version 0 is the configured markup alone (nothing published yet).</param>
/// <param name="PublishKey">The idempotency key that published it: publishing again with it answers this version.</param>
public sealed record TenantPriceVersion(int Version, TenantPricing Pricing, DateTimeOffset PublishedAt, string PublishKey);
