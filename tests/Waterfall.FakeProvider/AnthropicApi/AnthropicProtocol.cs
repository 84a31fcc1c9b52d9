using System.Text.Json.Nodes;
using Waterfall.FakeProvider.Hosting;
using Waterfall.FakeProvider.Scripting;

namespace Waterfall.FakeProvider.AnthropicApi;

/// <summary>Anthropic's authentication (x-api-key, or a bearer token), version header and error shape: <c>{"type":"error","error":{"type","message"},"request_id"}</c>.</summary>
internal static class AnthropicProtocol
{
    public static void Authenticate(HttpRequest request, FakeProviderOptions options)
    {
        // The Anthropic SDK 13.x sends its API key as a bearer token; older clients and curl send x-api-key.
        var key = request.Headers["x-api-key"].ToString();
        var authorization = request.Headers.Authorization.ToString();
        if (key.Length == 0 && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            key = authorization["Bearer ".Length..].Trim();
        if (key.Length == 0 && !options.AcceptAnyKey) throw new ProtocolError(401, "x-api-key header is required");
        if (!options.AcceptAnyKey && !options.AnthropicKeys.Contains(key, StringComparer.Ordinal))
            throw new ProtocolError(401, $"invalid x-api-key (the fake provider accepts: {string.Join(", ", options.AnthropicKeys)})");
        if (request.Headers["anthropic-version"].ToString().Length == 0)
            throw ProtocolError.BadRequest("anthropic-version: header is required");
    }

    public static Task WriteErrorAsync(HttpContext http, ProtocolError error, string requestId)
    {
        var type = error.Status switch
        {
            400 => "invalid_request_error",
            401 => "authentication_error",
            402 => "billing_error",
            403 => "permission_error",
            404 => "not_found_error",
            413 => "request_too_large",
            429 => "rate_limit_error",
            504 => "timeout_error",
            529 => "overloaded_error",
            >= 500 => "api_error",
            _ => "invalid_request_error",
        };
        http.Response.StatusCode = error.Status;
        http.Response.ContentType = "application/json";
        var body = new JsonObject
        {
            ["type"] = "error",
            ["error"] = new JsonObject { ["type"] = type, ["message"] = error.Message },
            ["request_id"] = requestId,
        };
        return http.Response.WriteAsync(Json.Write(body));
    }
}
