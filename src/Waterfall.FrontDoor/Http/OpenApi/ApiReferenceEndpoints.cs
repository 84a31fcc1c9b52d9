using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Scalar.AspNetCore;

namespace Waterfall.FrontDoor.Http.OpenApi;

/// <summary>The HTTP API's OpenAPI document at <c>/openapi/v1.json</c> and a browsable reference (Scalar) at <c>/docs</c>; both public, like the proto files.</summary>
public static class ApiReferenceEndpoints
{
    public const string DocumentPath = "/openapi/v1.json";

    private static readonly Lazy<string> Document = new(ProtoOpenApiDocument.Write);

    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(DocumentPath, () => Results.Text(Document.Value, "application/json"));
        // Scalar's page names the document relative to itself ("openapi/v1.json" under /docs/): answer there too.
        endpoints.MapGet("/docs" + DocumentPath, () => Results.Text(Document.Value, "application/json")).ExcludeFromDescription();
        endpoints.MapScalarApiReference("/docs", options => options.WithTitle("Waterfall API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        return endpoints;
    }
}
