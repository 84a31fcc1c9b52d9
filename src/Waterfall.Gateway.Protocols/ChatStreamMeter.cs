using Waterfall.Domain.Pricing.Rating;
using System.Text;
using System.Text.Json.Nodes;

namespace Waterfall.Gateway.Protocols;

/// <summary>
/// Chat completions: <c>data: {chunk}</c> events ending with the usage chunk (choices: []) and
/// <c>data: [DONE]</c>, both held back. Usage riding on a chunk with choices is stripped from it and served in
/// the usage chunk, so only a client that asked for usage ever sees it.
/// </summary>
internal sealed class ChatStreamMeter(ParsedRequest request) : StreamMeter(request)
{
    private readonly HashSet<int> _finishedChoices = [];
    private string? _id;
    private string? _model;
    private JsonNode? _created;
    private string? _systemFingerprint;
    private JsonObject? _usageChunk;
    private JsonObject? _usageJson;
    private LlmUsage? _usage;
    private bool _done;

    public override LlmUsage? Usage => _usage;

    public override bool Finished => _done;

    public override StreamStep Accept(SseEvent upstreamEvent)
    {
        ArgumentNullException.ThrowIfNull(upstreamEvent);
        if (_done) return Hold();
        if (upstreamEvent.IsComment) return Pass(upstreamEvent);
        var data = upstreamEvent.Data.Trim();
        if (data == "[DONE]")
        {
            _done = true;
            return Hold();
        }

        if (WireJson.ParseObject(data) is not { } chunk) return Pass(upstreamEvent);
        if (chunk["error"] is JsonObject error)
            return new StreamStep(upstreamEvent.Raw, null, UpstreamErrorFrom(WireProtocol.OpenAi, error));

        Remember(chunk);
        var choices = chunk["choices"] as JsonArray;
        var text = OutputText(choices);
        if (chunk["usage"] is not JsonObject usage) return new StreamStep(upstreamEvent.Raw, text, null);

        _usageJson = usage;
        _usage = UsageJson.FromOpenAiChat(Request.Model, usage);
        if (choices is null || choices.Count == 0)
        {
            _usageChunk = chunk;
            return new StreamStep(ReadOnlyMemory<byte>.Empty, text, null);
        }

        chunk.Remove("usage");
        return new StreamStep(new SseWriter().Data(chunk).ToArray(), text, null);
    }

    public override byte[] Complete(decimal costUsd, string requestId)
    {
        var writer = new SseWriter();
        if (Request.ClientWantsUsage && _usageJson is not null)
        {
            var chunk = _usageChunk ?? Chunk([]);
            var usage = (JsonObject)_usageJson.DeepClone();
            ResponseUsage.AddCost(usage, costUsd);
            chunk["usage"] = usage;
            writer.Data(chunk);
        }

        return writer.CostComment(costUsd, requestId).Done().ToArray();
    }

    public override byte[] Cut(LlmUsage charged, decimal costUsd, string requestId)
    {
        ArgumentNullException.ThrowIfNull(charged);
        if (_done) return Complete(costUsd, requestId);
        var writer = new SseWriter();
        for (var index = 0; index < Request.Choices; index++)
        {
            if (_finishedChoices.Contains(index)) continue;
            writer.Data(Chunk([new JsonObject
            {
                ["index"] = index,
                ["delta"] = new JsonObject(),
                ["logprobs"] = null,
                ["finish_reason"] = "length",
            }]));
        }

        if (Request.ClientWantsUsage)
        {
            var usage = UsageJson.ToOpenAiChat(charged);
            ResponseUsage.AddCost(usage, costUsd);
            var chunk = Chunk([]);
            chunk["usage"] = usage;
            writer.Data(chunk);
        }

        _done = true;
        return writer.CostComment(costUsd, requestId).Done().ToArray();
    }

    private void Remember(JsonObject chunk)
    {
        _id ??= WireJson.StringOf(chunk["id"]);
        _model ??= WireJson.StringOf(chunk["model"]);
        _created ??= chunk["created"]?.DeepClone();
        _systemFingerprint ??= WireJson.StringOf(chunk["system_fingerprint"]);
    }

    /// <summary>A chunk of this stream (its id, created and model), as the gateway synthesizes it.</summary>
    private JsonObject Chunk(JsonArray choices)
    {
        var chunk = new JsonObject
        {
            ["id"] = _id ?? "chatcmpl-waterfall",
            ["object"] = "chat.completion.chunk",
            ["created"] = _created?.DeepClone() ?? 0,
            ["model"] = _model ?? Request.Model,
        };
        if (_systemFingerprint is not null) chunk["system_fingerprint"] = _systemFingerprint;
        chunk["choices"] = choices;
        return chunk;
    }

    /// <summary>
    /// Everything a choice's delta adds to the output: content, refusal, reasoning (DeepSeek's
    /// reasoning_content, others' reasoning), an audio transcript, tool-call names and argument fragments.
    /// </summary>
    private string? OutputText(JsonArray? choices)
    {
        if (choices is null) return null;
        StringBuilder? text = null;
        foreach (var node in choices)
        {
            if (node is not JsonObject choice) continue;
            if (WireJson.LongOf(choice["index"]) is { } index && WireJson.StringOf(choice["finish_reason"]) is not null)
                _finishedChoices.Add((int)index);
            if (choice["delta"] is not JsonObject delta) continue;
            Append(ref text, delta["content"]);
            Append(ref text, delta["refusal"]);
            Append(ref text, delta["reasoning_content"]);
            Append(ref text, delta["reasoning"]);
            if (delta["audio"] is JsonObject audio) Append(ref text, audio["transcript"]);
            if (delta["function_call"] is JsonObject call)
            {
                Append(ref text, call["name"]);
                Append(ref text, call["arguments"]);
            }

            if (delta["tool_calls"] is JsonArray calls)
            {
                foreach (var toolCall in calls)
                {
                    if (toolCall?["function"] is not JsonObject function) continue;
                    Append(ref text, function["name"]);
                    Append(ref text, function["arguments"]);
                }
            }
        }

        return text?.ToString();
    }

    private static void Append(ref StringBuilder? text, JsonNode? node)
    {
        if (WireJson.StringOf(node) is not { Length: > 0 } piece) return;
        (text ??= new StringBuilder()).Append(piece);
    }
}
