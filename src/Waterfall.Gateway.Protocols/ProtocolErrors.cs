using System.Text.Json;

namespace Waterfall.Gateway.Protocols;

/// <summary>Refusals shaped the way each provider shapes its own, so an official SDK raises its usual exception.</summary>
public static class ProtocolErrors
{
    /// <summary>
    /// A refusal whose type follows from the status: 400/409 invalid_request_error; 401 OpenAI
    /// invalid_request_error / Anthropic authentication_error; 402 OpenAI insufficient_funds / Anthropic
    /// billing_error; 403 permission_error; 404 OpenAI invalid_request_error / Anthropic not_found_error; 413
    /// OpenAI invalid_request_error / Anthropic request_too_large; 429 rate_limit_error; 500/502/503 OpenAI
    /// server_error / Anthropic api_error (529 overloaded_error); 504 OpenAI timeout / Anthropic timeout_error.
    /// Other 4xx are invalid_request_error, other 5xx as 500.
    /// </summary>
    public static ProtocolError Create(WireProtocol protocol, int status, string code, string message, string? param = null)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(message);
        return new ProtocolError(status, TypeFor(protocol, status), code, message, param);
    }

    /// <summary>A 400 in the protocol's shape, the answer to a request the gateway cannot read.</summary>
    public static ProtocolError InvalidRequest(WireProtocol protocol, string message, string? param, string code = "invalid_request") =>
        Create(protocol, 400, code, message, param);

    /// <summary>
    /// OpenAI: <c>{"error":{"message":…,"type":…,"param":…,"code":…}}</c>;
    /// Anthropic: <c>{"type":"error","error":{"type":…,"message":…}}</c>.
    /// </summary>
    public static byte[] Body(WireProtocol protocol, ProtocolError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
        {
            writer.WriteStartObject();
            if (protocol == WireProtocol.Anthropic)
            {
                writer.WriteString("type", "error");
                writer.WriteStartObject("error");
                writer.WriteString("type", error.Type);
                writer.WriteString("message", error.Message);
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteStartObject("error");
                writer.WriteString("message", error.Message);
                writer.WriteString("type", error.Type);
                if (error.Param is null) writer.WriteNull("param"); else writer.WriteString("param", error.Param);
                writer.WriteString("code", error.Code);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static string TypeFor(WireProtocol protocol, int status)
    {
        var anthropic = protocol == WireProtocol.Anthropic;
        return status switch
        {
            401 => anthropic ? "authentication_error" : "invalid_request_error",
            402 => anthropic ? "billing_error" : "insufficient_funds",
            403 => "permission_error",
            404 => anthropic ? "not_found_error" : "invalid_request_error",
            413 => anthropic ? "request_too_large" : "invalid_request_error",
            429 => "rate_limit_error",
            504 => anthropic ? "timeout_error" : "timeout",
            529 => anthropic ? "overloaded_error" : "server_error",
            >= 500 => anthropic ? "api_error" : "server_error",
            _ => "invalid_request_error",
        };
    }
}
