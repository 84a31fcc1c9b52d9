using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Waterfall.FrontDoor.Http.Transcoding;

namespace Waterfall.FrontDoor.Services.Billing;

public static class BillingFrontDoorExtensions
{
    /// <summary>The billing context's gRPC services (plans, customers, campaigns), each also over HTTP/JSON.</summary>
    public static IEndpointRouteBuilder MapWaterfallBilling(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<PlanApi>().Add(TranscodedCalls.Apply);
        endpoints.MapGrpcService<CustomerApi>().Add(TranscodedCalls.Apply);
        endpoints.MapGrpcService<CampaignApi>().Add(TranscodedCalls.Apply);
        return endpoints;
    }
}
