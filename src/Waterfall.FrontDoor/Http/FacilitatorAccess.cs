using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Waterfall.FrontDoor.Auth;

namespace Waterfall.FrontDoor.Http;

/// <summary>
/// The x402 facilitator endpoints, when the silo serves them, answer only callers with an admin API key:
/// <c>/settle</c> spends the settlement key's gas for whoever calls it, and <c>/verify</c> asks the chain.
/// Refusals are the HTTP API's problem documents (401 UNAUTHENTICATED, 403 PERMISSION_DENIED).
/// </summary>
public static class FacilitatorAccess
{
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var tenants = http.RequestServices.GetRequiredService<TenantDirectory>();
            return tenants.Authenticate(http.Request.Headers.Authorization, http.Request.Headers["x-api-key"], ApiScope.Admin, out var denied) is null
                ? HttpProblems.From(denied!)
                : await next(context);
        });
}
