using Waterfall.Domain.Pricing.Rating;
using System.Text.Json.Nodes;

namespace Waterfall.Gateway.Protocols;

/// <summary>
/// Anthropic messages: message_start (input and cache usage), content blocks, message_delta (stop reason and
/// cumulative output usage), message_stop — which is held back.
/// </summary>
internal sealed class MessagesStreamMeter(ParsedRequest request) : StreamMeter(request)
{
    private readonly AnthropicUsage _usage = new();
    private int? _openBlock;
    private ReadOnlyMemory<byte>? _messageStop;

    public override LlmUsage? Usage => _usage.Seen ? _usage.ToUsage(Request.Model) : null;

    public override bool Finished => _messageStop is not null;

    public override StreamStep Accept(SseEvent upstreamEvent)
    {
        ArgumentNullException.ThrowIfNull(upstreamEvent);
        if (Finished) return Hold();
        if (upstreamEvent.IsComment) return Pass(upstreamEvent);
        var data = WireJson.ParseObject(upstreamEvent.Data);
        var type = upstreamEvent.Event ?? WireJson.StringOf(data?["type"]);
        switch (type)
        {
            case "message_start":
                if (data?["message"]?["usage"] is JsonObject startUsage) _usage.Merge(startUsage);
                return Pass(upstreamEvent);
            case "content_block_start":
                _openBlock = (int?)WireJson.LongOf(data?["index"]);
                return Pass(upstreamEvent);
            case "content_block_delta":
                return new StreamStep(upstreamEvent.Raw, DeltaText(data?["delta"] as JsonObject), null);
            case "content_block_stop":
                _openBlock = null;
                return Pass(upstreamEvent);
            case "message_delta":
                if (data?["usage"] is JsonObject deltaUsage) _usage.Merge(deltaUsage);
                return Pass(upstreamEvent);
            case "message_stop":
                _messageStop = upstreamEvent.Raw;
                return Hold();
            case "error":
                var error = data?["error"] as JsonObject ?? new JsonObject();
                return new StreamStep(upstreamEvent.Raw, null, UpstreamErrorFrom(WireProtocol.Anthropic, error));
            default:
                return Pass(upstreamEvent);
        }
    }

    public override byte[] Complete(decimal costUsd, string requestId)
    {
        var writer = new SseWriter().CostComment(costUsd, requestId);
        return (_messageStop is { Length: > 0 } stop ? writer.Raw(stop.Span) : writer.Event("message_stop", MessageStop())).ToArray();
    }

    public override byte[] Cut(LlmUsage charged, decimal costUsd, string requestId)
    {
        ArgumentNullException.ThrowIfNull(charged);
        if (Finished) return Complete(costUsd, requestId);
        var writer = new SseWriter();
        if (_openBlock is { } index)
        {
            writer.Event("content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = index });
            _openBlock = null;
        }

        writer.Event("message_delta", new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = "max_tokens", ["stop_sequence"] = null },
            ["usage"] = new JsonObject
            {
                ["input_tokens"] = charged.InputTokens,
                ["cache_creation_input_tokens"] = checked(charged.CacheWrite5mTokens + charged.CacheWrite1hTokens),
                ["cache_read_input_tokens"] = charged.CacheReadTokens,
                // Anthropic's output_tokens include thinking; a charge split into reasoning adds it back.
                ["output_tokens"] = charged.CompletionTokens,
            },
        });
        _messageStop = Array.Empty<byte>();
        return writer.CostComment(costUsd, requestId).Event("message_stop", MessageStop()).ToArray();
    }

    private static JsonObject MessageStop() => new() { ["type"] = "message_stop" };

    /// <summary>The output a block delta adds: text, thinking, or a tool call's JSON fragment.</summary>
    private static string? DeltaText(JsonObject? delta) => WireJson.StringOf(delta?["type"]) switch
    {
        "text_delta" => WireJson.StringOf(delta!["text"]),
        "thinking_delta" => WireJson.StringOf(delta!["thinking"]),
        "input_json_delta" => WireJson.StringOf(delta!["partial_json"]),
        _ => null,
    };
}
