using System.Text.Json;
using System.Text.Json.Nodes;

namespace Waterfall.Gateway.Protocols;

/// <summary>
/// Reads the fields the gateway meters from a client request and refuses, with a 400 in the endpoint's
/// protocol, what it cannot meter. Unknown fields are never an error: they travel upstream untouched.
/// A JSON null counts as an absent field.
/// </summary>
public static class RequestParser
{
    public static ParseOutcome Parse(GatewayEndpoint endpoint, ReadOnlySpan<byte> body, TokenCounter counter, RequestLimits limits) =>
        TryParse(endpoint, body, counter, limits, out var request, out var error)
            ? new ParseOutcome.Parsed(request!)
            : new ParseOutcome.Refused(error!);

    public static bool TryParse(
        GatewayEndpoint endpoint,
        ReadOnlySpan<byte> body,
        TokenCounter counter,
        RequestLimits limits,
        out ParsedRequest? request,
        out ProtocolError? error)
    {
        ArgumentNullException.ThrowIfNull(counter);
        ArgumentNullException.ThrowIfNull(limits);
        var protocol = endpoint.ProtocolOf();
        request = null;

        JsonObject? json;
        try
        {
            json = JsonNode.Parse(body, documentOptions: WireJson.DocumentOptions) as JsonObject;
            // A JsonObject builds its dictionary lazily; duplicate keys surface here, not in Parse.
            _ = json?.Count;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            error = ProtocolErrors.InvalidRequest(protocol, "The request body is not valid JSON.", null, "invalid_json");
            return false;
        }

        if (json is null)
        {
            error = ProtocolErrors.InvalidRequest(protocol, "The request body must be a JSON object.", null, "invalid_json");
            return false;
        }

        var fields = new Fields(protocol, json);
        if (!fields.RequiredString("model", out var model, out error)) return false;
        if (!fields.OptionalBool("stream", out var streamField, out error)) return false;
        var stream = streamField ?? false;

        long? maxOutput = null;
        var limitFields = new List<string>(2);
        var choices = 1;
        string? user;
        var clientWantsUsage = false;
        long promptTokens;
        var encoding = counter.EncodingFor(model!);
        var prompt = new PromptCounter(counter, encoding);

        switch (endpoint)
        {
            case GatewayEndpoint.ChatCompletions:
            {
                if (!fields.OptionalLimit("max_completion_tokens", limits, out var completionLimit, out error)) return false;
                if (!fields.OptionalLimit("max_tokens", limits, out var legacyLimit, out error)) return false;
                if (completionLimit is not null) limitFields.Add("max_completion_tokens");
                if (legacyLimit is not null) limitFields.Add("max_tokens");
                maxOutput = completionLimit ?? legacyLimit;

                if (!fields.OptionalInteger("n", out var n, out error)) return false;
                if (n is { } count && (count < 1 || count > limits.MaxChoices))
                {
                    error = ProtocolErrors.InvalidRequest(protocol, $"n must be an integer from 1 to {limits.MaxChoices}; it was {count}.", "n", "invalid_value");
                    return false;
                }

                choices = (int)(n ?? 1);
                if (json["messages"] is not JsonArray messages || messages.Count == 0)
                {
                    error = ProtocolErrors.InvalidRequest(protocol, "messages is required: a non-empty array of chat messages.", "messages", "missing_required_parameter");
                    return false;
                }

                user = OpenAiUser(json);
                clientWantsUsage = stream && json["stream_options"] is JsonObject options && options["include_usage"] is JsonValue include
                    && include.GetValueKind() == JsonValueKind.True;
                promptTokens = prompt.Chat(json, messages);
                break;
            }

            case GatewayEndpoint.Responses:
            {
                if (!fields.OptionalLimit("max_output_tokens", limits, out maxOutput, out error)) return false;
                if (maxOutput is not null) limitFields.Add("max_output_tokens");
                var input = json["input"];
                if (input is null || (input is not JsonArray && WireJson.StringOf(input) is null))
                {
                    error = ProtocolErrors.InvalidRequest(protocol, "input is required: a string or an array of input items.", "input", "missing_required_parameter");
                    return false;
                }

                user = OpenAiUser(json);
                promptTokens = prompt.Responses(json, input);
                break;
            }

            case GatewayEndpoint.Embeddings:
            {
                if (stream)
                {
                    error = ProtocolErrors.InvalidRequest(protocol, "Embeddings cannot be streamed: remove stream.", "stream", "invalid_value");
                    return false;
                }

                var input = json["input"];
                if (input is null || (input is not JsonArray && WireJson.StringOf(input) is null))
                {
                    error = ProtocolErrors.InvalidRequest(protocol, "input is required: a string, an array of strings, or an array of token arrays.", "input", "missing_required_parameter");
                    return false;
                }

                user = OpenAiUser(json);
                promptTokens = prompt.Embeddings(input);
                break;
            }

            case GatewayEndpoint.Messages:
            case GatewayEndpoint.CountTokens:
            {
                if (endpoint == GatewayEndpoint.Messages)
                {
                    if (WireJson.IsNull(json["max_tokens"]))
                    {
                        // Anthropic's own wording, so a client sees the refusal it would get upstream.
                        error = ProtocolErrors.InvalidRequest(protocol, "max_tokens: Field required", "max_tokens", "missing_required_parameter");
                        return false;
                    }

                    if (!fields.OptionalLimit("max_tokens", limits, out maxOutput, out error)) return false;
                    limitFields.Add("max_tokens");
                }
                else
                {
                    stream = false;
                }

                if (json["messages"] is not JsonArray messages)
                {
                    error = ProtocolErrors.InvalidRequest(protocol, "messages: Field required", "messages", "missing_required_parameter");
                    return false;
                }

                user = json["metadata"] is JsonObject metadata ? WireJson.StringOf(metadata["user_id"]) : null;
                promptTokens = prompt.Messages(json, messages);
                break;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, "Not a gateway endpoint.");
        }

        request = new ParsedRequest(endpoint, model!, stream, maxOutput, limitFields, choices, promptTokens, user, clientWantsUsage, json);
        error = null;
        return true;
    }

    private static string? OpenAiUser(JsonObject json) =>
        WireJson.StringOf(json["user"]) ?? WireJson.StringOf(json["safety_identifier"]);

    /// <summary>Typed reads of top-level fields, each refusing with the field as param.</summary>
    private readonly struct Fields(WireProtocol protocol, JsonObject json)
    {
        public bool RequiredString(string name, out string? value, out ProtocolError? error)
        {
            value = WireJson.StringOf(json[name]);
            if (!string.IsNullOrWhiteSpace(value))
            {
                error = null;
                return true;
            }

            var message = protocol == WireProtocol.Anthropic
                ? $"{name}: Field required (a non-empty string)"
                : $"{name} is required: a non-empty string.";
            error = ProtocolErrors.InvalidRequest(protocol, message, name, "missing_required_parameter");
            return false;
        }

        public bool OptionalBool(string name, out bool? value, out ProtocolError? error)
        {
            value = null;
            error = null;
            var node = json[name];
            if (WireJson.IsNull(node)) return true;
            var kind = node!.GetValueKind();
            if (kind is JsonValueKind.True or JsonValueKind.False)
            {
                value = kind == JsonValueKind.True;
                return true;
            }

            error = ProtocolErrors.InvalidRequest(protocol, $"{name} must be a boolean.", name, "invalid_type");
            return false;
        }

        public bool OptionalInteger(string name, out long? value, out ProtocolError? error)
        {
            value = null;
            error = null;
            var node = json[name];
            if (WireJson.IsNull(node)) return true;
            value = WireJson.LongOf(node);
            if (value is not null) return true;
            error = ProtocolErrors.InvalidRequest(protocol, $"{name} must be an integer.", name, "invalid_type");
            return false;
        }

        public bool OptionalLimit(string name, RequestLimits limits, out long? value, out ProtocolError? error)
        {
            if (!OptionalInteger(name, out value, out error)) return false;
            if (value is not { } limit) return true;
            if (limit <= 0)
            {
                error = ProtocolErrors.InvalidRequest(protocol, $"{name} must be a positive integer; it was {limit}.", name, "invalid_value");
                return false;
            }

            if (limit > limits.MaxOutputTokens)
            {
                error = ProtocolErrors.InvalidRequest(protocol, $"{name} must be at most {limits.MaxOutputTokens}; it was {limit}.", name, "invalid_value");
                return false;
            }

            return true;
        }
    }
}
