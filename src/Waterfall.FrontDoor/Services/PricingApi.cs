using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Waterfall.Contracts.Pricing;
using Waterfall.Domain;
using Waterfall.Domain.Pricing.Catalog;
using Waterfall.FrontDoor.Auth;
using Waterfall.FrontDoor.Mapping;
using V1 = Waterfall.Api.V1;

namespace Waterfall.FrontDoor.Services;

/// <summary>Quotes and the model list, from the tenant's view of the price catalog; the tenant's own versioned prices.</summary>
public sealed class PricingApi(TenantDirectory tenants, TenantRating rating, IGrainFactory grains) : V1.PricingService.PricingServiceBase
{
    public override async Task<V1.RatedUsage> QuoteUsage(V1.QuoteUsageRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Read);
        var read = new RequestReader();
        if (request.Usage is null) read.Violation("usage", "is required");
        read.ThrowIfInvalid();
        var usage = read.Usage(request.Usage!, "usage");
        read.ThrowIfInvalid();
        var result = (await rating.ForAsync(caller.TenantId)).Rate(usage);
        if (result.Refusal is { } refusal) throw RpcErrors.From(refusal);
        return ResponseWriter.Rated(result.Rated)!;
    }

    public override async Task<V1.ListModelsResponse> ListModels(V1.ListModelsRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Read);
        var read = new RequestReader();
        var pageSize = request.PageSize == 0 ? 100 : request.PageSize;
        if (pageSize is < 1 or > 1000) read.Violation("page_size", "must be between 1 and 1000");
        var offset = 0;
        if (!string.IsNullOrEmpty(request.PageToken) && (!int.TryParse(request.PageToken, out offset) || offset < 0))
            read.Violation("page_token", "is not a page token from a previous response");
        read.ThrowIfInvalid();

        var rater = await rating.ForAsync(caller.TenantId);
        var models = rater.Catalog.Models
            .Where(m => string.IsNullOrEmpty(request.Provider) || m.Provider == request.Provider)
            .Skip(offset).Take(pageSize + 1).ToList();
        var response = new V1.ListModelsResponse
        {
            NextPageToken = models.Count > pageSize ? (offset + pageSize).ToString(System.Globalization.CultureInfo.InvariantCulture) : "",
        };
        response.Models.AddRange(models.Take(pageSize).Select(m => TenantPricingWire.Price(m, rater.Tenant.MarkupFactor)));
        return response;
    }

    public override async Task<V1.TenantPricing> GetTenantPricing(V1.GetTenantPricingRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Read);
        return TenantPricingWire.Sheet(await grains.TenantPricing(caller.TenantId).GetSheet());
    }

    public override async Task<V1.TenantPricingVersion> GetTenantPricingVersion(V1.GetTenantPricingVersionRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Read);
        if (request.Version < 1) throw RpcErrors.From(Refusal.Invalid(new FieldViolation("version", "must be 1 or more (a published version)")));
        return await grains.TenantPricing(caller.TenantId).GetVersion(request.Version) is { } version
            ? TenantPricingWire.Version(version)
            : throw RpcErrors.From(Refusal.Of(Reasons.PricingVersionNotFound, $"Pricing version {request.Version} was never published.",
                new Dictionary<string, string> { ["version"] = request.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
    }

    public override async Task<V1.TenantPricing> SaveTenantPricingDraft(V1.SaveTenantPricingDraftRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Admin);
        var read = new RequestReader();
        var (markup, overrides) = TenantPricingWire.ReadDraft(read, request);
        read.ThrowIfInvalid();
        var pricing = grains.TenantPricing(caller.TenantId);
        if (await pricing.SaveDraft(markup, overrides) is { } refused) throw RpcErrors.From(refused);
        return TenantPricingWire.Sheet(await pricing.GetSheet());
    }

    public override async Task<V1.TenantPricingVersion> PublishTenantPricing(V1.PublishTenantPricingRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Admin);
        var read = new RequestReader();
        var key = read.Id(request.IdempotencyKey, "idempotency_key");
        read.ThrowIfInvalid();
        var reply = await grains.TenantPricing(caller.TenantId).Publish(key);
        if (reply.Refusal is { } refused) throw RpcErrors.From(refused);
        rating.Forget(caller.TenantId); // this front door rates with it from the next call
        return TenantPricingWire.Version(reply.Receipt!);
    }
}
