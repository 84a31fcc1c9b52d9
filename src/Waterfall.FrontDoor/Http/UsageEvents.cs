using System.Text.Json;
using System.Text.Json.Nodes;
using Waterfall.Domain;
using Waterfall.Gateway.Protocols;
using V1 = Waterfall.Api.V1;

namespace Waterfall.FrontDoor.Http;

/// <summary>
/// Reads one CloudEvents 1.0 event (structured mode, JSON) as a debit: <c>id</c> is the idempotency key,
/// <c>subject</c> the wallet, <c>type</c> says what <c>data</c> holds. Types:
/// <list type="bullet">
/// <item><c>waterfall.usage</c>: an LLM call's usage in Waterfall's token classes
/// (<c>model</c>, <c>input_tokens</c>, <c>output_tokens</c>, <c>cache_read_tokens</c>, <c>cache_write_5m_tokens</c>,
/// <c>cache_write_1h_tokens</c>, <c>reasoning_tokens</c>, <c>audio_input_tokens</c>, <c>audio_output_tokens</c>, <c>batch</c>),
/// rated through the catalog;</item>
/// <item><c>com.openai.usage</c>: <c>model</c> and OpenAI's chat <c>usage</c> object as the API returns it
/// (<c>prompt_tokens</c> and <c>completion_tokens</c> are totals; their <c>*_details</c> the cached, audio and reasoning parts);</item>
/// <item><c>waterfall.debit</c>: a plain amount, <c>{"amount": {"value": 1000, "unit": "usd"}, "metric", "model", "provider"}</c>.</item>
/// </list>
/// Extension attributes <c>customerid</c>, <c>agentid</c>, <c>requestid</c> and <c>enduser</c> become the debit's attribution.
/// </summary>
public static class UsageEvents
{
    public const string UsageType = "waterfall.usage";
    public const string OpenAiUsageType = "com.openai.usage";
    public const string DebitType = "waterfall.debit";

    /// <summary>The event's id (if it has a readable one) and either its debit or why it is refused.</summary>
    public static (string? Id, V1.DebitRequest? Debit, Refusal? Refusal) Read(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
            return (null, null, Refusal.Invalid(new FieldViolation("event", "must be a JSON object (a CloudEvent in structured mode)")));
        var violations = new List<FieldViolation>();
        var id = Text(element, "id", violations, required: true);
        var specVersion = Text(element, "specversion", violations, required: true);
        if (specVersion is not null && specVersion != "1.0") violations.Add(new("specversion", $"must be \"1.0\", not \"{specVersion}\""));
        Text(element, "source", violations, required: true);
        var subject = Text(element, "subject", violations, required: true, "is required: the wallet id");
        var type = Text(element, "type", violations, required: true);
        var contentType = Text(element, "datacontenttype", violations, required: false);
        if (contentType is not null && !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            violations.Add(new("datacontenttype", "must be application/json (or left out)"));

        var debit = new V1.DebitRequest { WalletId = subject ?? "", IdempotencyKey = id ?? "" };
        var attribution = new V1.Attribution
        {
            CustomerId = Text(element, "customerid", violations, required: false) ?? "",
            AgentId = Text(element, "agentid", violations, required: false) ?? "",
            RequestId = Text(element, "requestid", violations, required: false) ?? "",
            EndUser = Text(element, "enduser", violations, required: false) ?? "",
        };
        if (!attribution.Equals(new V1.Attribution())) debit.Attribution = attribution;

        if (!element.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            violations.Add(new("data", "is required: a JSON object"));
        else if (type is not null)
        {
            switch (type)
            {
                case UsageType: debit.Usage = Usage(data, violations); break;
                case OpenAiUsageType: debit.Usage = OpenAiUsage(data, violations); break;
                case DebitType: debit.Amount = Amount(data, violations); break;
                default:
                    violations.Add(new("type", $"'{type}' is not a usage event type; expected {UsageType}, {OpenAiUsageType} or {DebitType}"));
                    break;
            }
        }
        return violations.Count > 0 ? (id, null, Refusal.Invalid([.. violations])) : (id, debit, null);
    }

    private static V1.LlmUsage Usage(JsonElement data, List<FieldViolation> violations) => new()
    {
        Model = Text(data, "model", violations, required: true, field: "data.model") ?? "",
        InputTokens = Count(data, "input_tokens", violations, "data"),
        OutputTokens = Count(data, "output_tokens", violations, "data"),
        CacheReadTokens = Count(data, "cache_read_tokens", violations, "data"),
        CacheWrite5MTokens = Count(data, "cache_write_5m_tokens", violations, "data"),
        CacheWrite1HTokens = Count(data, "cache_write_1h_tokens", violations, "data"),
        ReasoningTokens = Count(data, "reasoning_tokens", violations, "data"),
        AudioInputTokens = Count(data, "audio_input_tokens", violations, "data"),
        AudioOutputTokens = Count(data, "audio_output_tokens", violations, "data"),
        Batch = Flag(data, "batch", violations, "data"),
    };

    /// <summary>OpenAI reports totals: prompt tokens include cached and audio ones, completion tokens reasoning and audio ones.</summary>
    private static V1.LlmUsage OpenAiUsage(JsonElement data, List<FieldViolation> violations)
    {
        var model = Text(data, "model", violations, required: true, field: "data.model") ?? "";
        if (!data.TryGetProperty("usage", out var usage) || usage.ValueKind != JsonValueKind.Object)
        {
            violations.Add(new("data.usage", "is required: OpenAI's usage object"));
            return new V1.LlmUsage { Model = model };
        }
        var prompt = Count(usage, "prompt_tokens", violations, "data.usage");
        var completion = Count(usage, "completion_tokens", violations, "data.usage");
        long cached = 0, audioIn = 0, reasoning = 0, audioOut = 0;
        if (usage.TryGetProperty("prompt_tokens_details", out var promptDetails) && promptDetails.ValueKind == JsonValueKind.Object)
        {
            cached = Count(promptDetails, "cached_tokens", violations, "data.usage.prompt_tokens_details");
            audioIn = Count(promptDetails, "audio_tokens", violations, "data.usage.prompt_tokens_details");
        }
        if (usage.TryGetProperty("completion_tokens_details", out var completionDetails) && completionDetails.ValueKind == JsonValueKind.Object)
        {
            reasoning = Count(completionDetails, "reasoning_tokens", violations, "data.usage.completion_tokens_details");
            audioOut = Count(completionDetails, "audio_tokens", violations, "data.usage.completion_tokens_details");
        }
        if (cached + audioIn > prompt) violations.Add(new("data.usage.prompt_tokens", "must include the cached and audio tokens"));
        if (reasoning + audioOut > completion) violations.Add(new("data.usage.completion_tokens", "must include the reasoning and audio tokens"));
        // The split of OpenAI's totals into token classes is the gateway's, for the same wire format.
        var split = UsageJson.FromOpenAiChat(model, JsonObject.Create(usage)!);
        return new V1.LlmUsage
        {
            Model = model,
            InputTokens = split.InputTokens,
            OutputTokens = split.OutputTokens,
            CacheReadTokens = split.CacheReadTokens,
            AudioInputTokens = split.AudioInputTokens,
            ReasoningTokens = split.ReasoningTokens,
            AudioOutputTokens = split.AudioOutputTokens,
        };
    }

    private static V1.AmountCharge Amount(JsonElement data, List<FieldViolation> violations)
    {
        var charge = new V1.AmountCharge
        {
            Metric = Text(data, "metric", violations, required: false, field: "data.metric") ?? "",
            Model = Text(data, "model", violations, required: false, field: "data.model") ?? "",
            Provider = Text(data, "provider", violations, required: false, field: "data.provider") ?? "",
        };
        if (!data.TryGetProperty("amount", out var amount) || amount.ValueKind != JsonValueKind.Object)
        {
            violations.Add(new("data.amount", "is required: {\"value\": <integer>, \"unit\": \"usd\"}"));
            return charge;
        }
        charge.Amount = new V1.Amount
        {
            Value = Count(amount, "value", violations, "data.amount"),
            Unit = Text(amount, "unit", violations, required: true, field: "data.amount.unit") ?? "",
        };
        return charge;
    }

    private static string? Text(JsonElement parent, string name, List<FieldViolation> violations, bool required, string? missing = null, string? field = null)
    {
        field ??= name;
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) violations.Add(new(field, missing ?? "is required"));
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            violations.Add(new(field, "must be a string"));
            return null;
        }
        var text = value.GetString()!;
        if (required && text.Length == 0) violations.Add(new(field, missing ?? "is required"));
        return text.Length == 0 ? null : text;
    }

    /// <summary>A count is a non-negative JSON integer; absent means 0. Range limits are the rater's.</summary>
    private static long Count(JsonElement parent, string name, List<FieldViolation> violations, string prefix)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return 0;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var count)) return count;
        violations.Add(new($"{prefix}.{name}", "must be an integer"));
        return 0;
    }

    private static bool Flag(JsonElement parent, string name, List<FieldViolation> violations, string prefix)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return false;
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.GetBoolean();
        violations.Add(new($"{prefix}.{name}", "must be true or false"));
        return false;
    }
}
