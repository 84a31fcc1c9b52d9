using Grpc.Core;
using Waterfall.Domain.Pricing.Catalog;
using Waterfall.FrontDoor.Auth;
using Waterfall.FrontDoor.Mapping;
using V1 = Waterfall.Api.V1;

namespace Waterfall.FrontDoor.Services;

/// <summary>Quotes and the model list, from the tenant's view of the price catalog.</summary>
public sealed class PricingApi(TenantDirectory tenants, TenantRating rating) : V1.PricingService.PricingServiceBase
{
    public override Task<V1.RatedUsage> QuoteUsage(V1.QuoteUsageRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Read);
        var read = new RequestReader();
        if (request.Usage is null) read.Violation("usage", "is required");
        read.ThrowIfInvalid();
        var usage = read.Usage(request.Usage!, "usage");
        read.ThrowIfInvalid();
        var result = rating.For(caller.TenantId).Rate(usage);
        if (result.Refusal is { } refusal) throw RpcErrors.From(refusal);
        return Task.FromResult(ResponseWriter.Rated(result.Rated)!);
    }

    public override Task<V1.ListModelsResponse> ListModels(V1.ListModelsRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Read);
        var read = new RequestReader();
        var pageSize = request.PageSize == 0 ? 100 : request.PageSize;
        if (pageSize is < 1 or > 1000) read.Violation("page_size", "must be between 1 and 1000");
        var offset = 0;
        if (!string.IsNullOrEmpty(request.PageToken) && (!int.TryParse(request.PageToken, out offset) || offset < 0))
            read.Violation("page_token", "is not a page token from a previous response");
        read.ThrowIfInvalid();

        var catalog = rating.For(caller.TenantId).Catalog;
        var models = catalog.Models
            .Where(m => string.IsNullOrEmpty(request.Provider) || m.Provider == request.Provider)
            .Skip(offset).Take(pageSize + 1).ToList();
        var response = new V1.ListModelsResponse
        {
            NextPageToken = models.Count > pageSize ? (offset + pageSize).ToString(System.Globalization.CultureInfo.InvariantCulture) : "",
        };
        var markup = rating.For(caller.TenantId).Tenant.MarkupFactor;
        response.Models.AddRange(models.Take(pageSize).Select(m => Price(m, markup)));
        return Task.FromResult(response);
    }

    /// <summary>Prices as the tenant's customers pay them: catalog price times the tenant's markup.</summary>
    private static V1.ModelPrice Price(ModelPrice m, decimal markup)
    {
        string P(decimal? price) => Decimals.Format(price * markup);
        var message = new V1.ModelPrice
        {
            Id = m.Id, Provider = m.Provider, Mode = m.Mode,
            Input = P(m.Input), Output = P(m.Output), CacheRead = P(m.CacheRead), CacheWrite5M = P(m.CacheWrite5m), CacheWrite1H = P(m.CacheWrite1h),
            Reasoning = P(m.Reasoning), AudioInput = P(m.AudioInput), AudioOutput = P(m.AudioOutput), BatchInput = P(m.BatchInput), BatchOutput = P(m.BatchOutput),
            MaxInputTokens = m.MaxInputTokens ?? 0, MaxOutputTokens = m.MaxOutputTokens ?? 0,
        };
        message.LongContextTiers.AddRange(m.LongContextTiers.Select(t => new V1.LongContextTier
        {
            ThresholdTokens = t.ThresholdTokens, Input = P(t.Input), Output = P(t.Output), CacheRead = P(t.CacheRead), CacheWrite = P(t.CacheWrite),
        }));
        return message;
    }
}
