using System.Text.Json.Nodes;
using Waterfall.Domain.Pricing.Rating;

namespace Waterfall.Gateway.Protocols;

/// <summary>Each provider's usage object, read into one token class per token and written back in the provider's shape.</summary>
public static class UsageJson
{
    /// <summary>
    /// Chat completions and embeddings: prompt_tokens include cached and audio tokens, completion_tokens include
    /// reasoning and audio. DeepSeek reports cache hits as prompt_cache_hit_tokens.
    /// </summary>
    public static LlmUsage FromOpenAiChat(string model, JsonObject usage)
    {
        var promptDetails = usage["prompt_tokens_details"] as JsonObject;
        var completionDetails = usage["completion_tokens_details"] as JsonObject;
        var cached = promptDetails is not null && promptDetails.ContainsKey("cached_tokens")
            ? Long(promptDetails, "cached_tokens")
            : Long(usage, "prompt_cache_hit_tokens");
        return Split(model, Long(usage, "prompt_tokens"), Long(usage, "completion_tokens"), cached,
            Long(promptDetails, "audio_tokens"), Long(completionDetails, "reasoning_tokens"), Long(completionDetails, "audio_tokens"));
    }

    /// <summary>Responses: input_tokens include cached tokens, output_tokens include reasoning tokens.</summary>
    public static LlmUsage FromOpenAiResponses(string model, JsonObject usage)
    {
        var inputDetails = usage["input_tokens_details"] as JsonObject;
        var outputDetails = usage["output_tokens_details"] as JsonObject;
        return Split(model, Long(usage, "input_tokens"), Long(usage, "output_tokens"), Long(inputDetails, "cached_tokens"),
            Long(inputDetails, "audio_tokens"), Long(outputDetails, "reasoning_tokens"), Long(outputDetails, "audio_tokens"));
    }

    /// <summary>OpenAI's totals split into one class per token: what is not cached or audio is plain input, and so on.</summary>
    private static LlmUsage Split(string model, long prompt, long completion, long cached, long audioIn, long reasoning, long audioOut) => new(model,
        InputTokens: Math.Max(0, prompt - cached - audioIn),
        OutputTokens: Math.Max(0, completion - reasoning - audioOut),
        CacheReadTokens: cached,
        ReasoningTokens: reasoning,
        AudioInputTokens: audioIn,
        AudioOutputTokens: audioOut);

    /// <summary>Anthropic: input_tokens exclude cache reads and writes; output_tokens include thinking.</summary>
    public static LlmUsage FromAnthropic(string model, JsonObject usage) => new AnthropicUsage().Merge(usage).ToUsage(model);

    /// <summary>Chat's shape: prompt_tokens and completion_tokens are the totals, the details the parts.</summary>
    public static JsonObject ToOpenAiChat(LlmUsage usage) => new()
    {
        ["prompt_tokens"] = usage.PromptTokens,
        ["completion_tokens"] = usage.CompletionTokens,
        ["total_tokens"] = checked(usage.PromptTokens + usage.CompletionTokens),
        ["prompt_tokens_details"] = new JsonObject
        {
            ["cached_tokens"] = usage.CacheReadTokens,
            ["audio_tokens"] = usage.AudioInputTokens,
        },
        ["completion_tokens_details"] = new JsonObject
        {
            ["reasoning_tokens"] = usage.ReasoningTokens,
            ["audio_tokens"] = usage.AudioOutputTokens,
            ["accepted_prediction_tokens"] = 0,
            ["rejected_prediction_tokens"] = 0,
        },
    };

    /// <summary>Responses' shape.</summary>
    public static JsonObject ToOpenAiResponses(LlmUsage usage) => new()
    {
        ["input_tokens"] = usage.PromptTokens,
        ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = usage.CacheReadTokens },
        ["output_tokens"] = usage.CompletionTokens,
        ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = usage.ReasoningTokens },
        ["total_tokens"] = checked(usage.PromptTokens + usage.CompletionTokens),
    };

    internal static long Long(JsonObject? obj, string name) =>
        obj is not null && WireJson.LongOf(obj[name]) is { } value && value > 0 ? value : 0;
}

/// <summary>
/// Anthropic usage as a stream reveals it: message_start carries input and cache counts, message_delta the
/// cumulative output (and, on newer API versions, the input and cache counts again). A later field wins.
/// </summary>
internal sealed class AnthropicUsage
{
    private long? _input;
    private long? _output;
    private long? _cacheRead;
    private long? _cacheCreation;
    private long? _cache5m;
    private long? _cache1h;

    public bool Seen { get; private set; }

    public AnthropicUsage Merge(JsonObject usage)
    {
        Seen = true;
        _input = WireJson.LongOf(usage["input_tokens"]) ?? _input;
        _output = WireJson.LongOf(usage["output_tokens"]) ?? _output;
        _cacheRead = WireJson.LongOf(usage["cache_read_input_tokens"]) ?? _cacheRead;
        _cacheCreation = WireJson.LongOf(usage["cache_creation_input_tokens"]) ?? _cacheCreation;
        if (usage["cache_creation"] is JsonObject breakdown)
        {
            _cache5m = WireJson.LongOf(breakdown["ephemeral_5m_input_tokens"]) ?? _cache5m;
            _cache1h = WireJson.LongOf(breakdown["ephemeral_1h_input_tokens"]) ?? _cache1h;
        }

        return this;
    }

    public LlmUsage ToUsage(string model)
    {
        var write1h = Math.Max(0, _cache1h ?? 0);
        var write5m = Math.Max(0, _cache5m ?? 0);
        // Writes the breakdown does not explain (or no breakdown at all) are 5-minute writes, the default TTL.
        var total = Math.Max(0, _cacheCreation ?? 0);
        if (total > write5m + write1h) write5m = total - write1h;
        return new LlmUsage(model,
            InputTokens: Math.Max(0, _input ?? 0),
            OutputTokens: Math.Max(0, _output ?? 0),
            CacheReadTokens: Math.Max(0, _cacheRead ?? 0),
            CacheWrite5mTokens: write5m,
            CacheWrite1hTokens: write1h);
    }
}
