using System.Text.Json.Nodes;
using Waterfall.FakeProvider.Hosting;
using Waterfall.FakeProvider.Scripting;

namespace Waterfall.FakeProvider.OpenAIApi;

/// <summary>OpenAI's authentication and error shape: <c>{"error":{"message","type","param","code"}}</c>.</summary>
internal static class OpenAIProtocol
{
    public static void Authenticate(HttpRequest request, FakeProviderOptions options)
    {
        var header = request.Headers.Authorization.ToString();
        if (options.AcceptAnyKey) return; // a demo behind a gateway that sends no provider key
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= "Bearer ".Length)
            throw new ProtocolError(401,
                "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");
        var key = header["Bearer ".Length..].Trim();
        if (!options.AcceptAnyKey && !options.OpenAIKeys.Contains(key, StringComparer.Ordinal))
            throw new ProtocolError(401, $"Incorrect API key provided: {Redact(key)}. The fake provider accepts: {string.Join(", ", options.OpenAIKeys)}.",
                code: "invalid_api_key");
    }

    public static Task WriteErrorAsync(HttpContext http, ProtocolError error)
    {
        var (type, code) = error.Status switch
        {
            401 => ("invalid_request_error", error.Code ?? "invalid_api_key"),
            403 => ("invalid_request_error", error.Code ?? "unsupported_country_region_territory"),
            404 => ("invalid_request_error", error.Code ?? "model_not_found"),
            429 => ("requests", error.Code ?? "rate_limit_exceeded"),
            >= 500 => ("server_error", error.Code),
            _ => ("invalid_request_error", error.Code),
        };
        http.Response.StatusCode = error.Status;
        http.Response.ContentType = "application/json";
        var body = new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["message"] = error.Message,
                ["type"] = type,
                ["param"] = error.Param,
                ["code"] = code,
            },
        };
        return http.Response.WriteAsync(Json.Write(body));
    }

    public static JsonObject Usage(int promptTokens, int cachedTokens, int audioIn, int completionTokens, int reasoning, int audioOut) => new()
    {
        ["prompt_tokens"] = promptTokens,
        ["completion_tokens"] = completionTokens,
        ["total_tokens"] = promptTokens + completionTokens,
        ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = cachedTokens, ["audio_tokens"] = audioIn },
        ["completion_tokens_details"] = new JsonObject
        {
            ["reasoning_tokens"] = reasoning,
            ["audio_tokens"] = audioOut,
            ["accepted_prediction_tokens"] = 0,
            ["rejected_prediction_tokens"] = 0,
        },
    };

    private static string Redact(string key) => key.Length <= 8 ? "***" : $"{key[..4]}***{key[^4..]}";
}
