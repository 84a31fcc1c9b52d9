using Waterfall.Api.V1;

namespace Waterfall.Client;

// The tenant's own prices: a draft of overrides and markup, published as immutable versions.
public sealed partial class WaterfallClient
{
    /// <summary>The published versions (newest last), the current one, and the draft.</summary>
    public Task<TenantPricing> GetTenantPricingAsync(CancellationToken cancellationToken = default) =>
        Call((o, r) => _pricing.GetTenantPricingAsync(r, o), new GetTenantPricingRequest(), cancellationToken);

    public Task<TenantPricingVersion> GetTenantPricingVersionAsync(int version, CancellationToken cancellationToken = default) =>
        Call((o, r) => _pricing.GetTenantPricingVersionAsync(r, o), new GetTenantPricingVersionRequest { Version = version }, cancellationToken);

    /// <summary>Replaces the draft (admin); nothing rates with it until <see cref="PublishTenantPricingAsync"/>.</summary>
    public Task<TenantPricing> SaveTenantPricingDraftAsync(decimal markupPercent, IEnumerable<ModelPrice> overrides, CancellationToken cancellationToken = default)
    {
        var request = new SaveTenantPricingDraftRequest { MarkupPercent = markupPercent.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        request.Overrides.AddRange(overrides);
        return Call((o, r) => _pricing.SaveTenantPricingDraftAsync(r, o), request, cancellationToken);
    }

    /// <summary>Publishes the draft as the next version (admin); a retry with the same key answers the same version.</summary>
    public Task<TenantPricingVersion> PublishTenantPricingAsync(string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        Call((o, r) => _pricing.PublishTenantPricingAsync(r, o), new PublishTenantPricingRequest { IdempotencyKey = idempotencyKey ?? NewKey() }, cancellationToken);
}
