using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Waterfall.FrontDoor.Http.Transcoding;

namespace Waterfall.FrontDoor.Events;

public static class EventsEndpointExtensions
{
    /// <summary>The events module's front door: <c>EventService</c> (Watch, endpoints, deliveries, replay, test) over gRPC and HTTP.</summary>
    public static IEndpointRouteBuilder MapWaterfallEvents(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<EventApi>().Add(TranscodedCalls.Apply);
        return endpoints;
    }
}
