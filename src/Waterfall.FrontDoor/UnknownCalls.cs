using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Waterfall.FrontDoor;

/// <summary>
/// Answers a gRPC call to a method the silo does not have with UNIMPLEMENTED, naming it. Grpc.AspNetCore does this with
/// catch-all routes (<c>{service}/{method}</c> and <c>Service/{method}</c>) that are candidates for every gRPC path, so
/// the router cut their values out of every call's path — two or three strings, a value array and a route-value
/// dictionary, ~350 B a call — only to choose the literal route. Those routes are off (<c>IgnoreUnknownServices</c>);
/// this runs after routing and acts only when no endpoint matched.
/// </summary>
public static class UnknownCalls
{
    public static IApplicationBuilder UseUnknownGrpcCallsAnswered(this IApplicationBuilder app) =>
        app.Use((context, next) => context.GetEndpoint() is null && IsGrpc(context.Request) ? Unimplemented(context) : next(context));

    private static bool IsGrpc(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);

    // A trailers-only response: the status in the headers, no message.
    private static Task Unimplemented(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = "12";
        response.Headers["grpc-message"] = Uri.EscapeDataString($"No method {context.Request.Path} on this server.");
        return Task.CompletedTask;
    }
}
