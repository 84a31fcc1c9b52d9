using Waterfall.Domain.Pricing.Rating;
using System.Text;
using System.Text.Json.Nodes;

namespace Waterfall.Gateway.Protocols;

/// <summary>
/// Responses: named events with increasing sequence numbers, ending with response.completed,
/// response.incomplete or response.failed — which is held back. To end a stream early it remembers the
/// response object (from response.created / in_progress), the finished output items, and the open item with
/// its open content parts and their text so far.
/// </summary>
internal sealed class ResponsesStreamMeter(ParsedRequest request) : StreamMeter(request)
{
    private static readonly HashSet<string> TerminalTypes = ["response.completed", "response.incomplete", "response.failed"];

    private readonly SortedDictionary<long, JsonObject> _doneItems = [];
    private readonly SortedDictionary<long, OpenItem> _openItems = [];
    private JsonObject? _response;
    private JsonObject? _terminal;
    private string? _terminalType;
    private LlmUsage? _usage;
    private long _sequence = -1;
    private bool _cut;

    public override LlmUsage? Usage => _usage;

    public override bool Finished => _terminal is not null || _cut;

    public override StreamStep Accept(SseEvent upstreamEvent)
    {
        ArgumentNullException.ThrowIfNull(upstreamEvent);
        if (Finished) return Hold();
        if (upstreamEvent.IsComment) return Pass(upstreamEvent);
        if (WireJson.ParseObject(upstreamEvent.Data) is not { } data) return Pass(upstreamEvent);
        var type = WireJson.StringOf(data["type"]) ?? upstreamEvent.Event;
        if (WireJson.LongOf(data["sequence_number"]) is { } sequence) _sequence = Math.Max(_sequence, sequence);
        var outputIndex = WireJson.LongOf(data["output_index"]) ?? 0;
        var contentIndex = WireJson.LongOf(data["content_index"]) ?? 0;

        if (type is not null && TerminalTypes.Contains(type))
        {
            _terminal = data;
            _terminalType = type;
            if (data["response"]?["usage"] is JsonObject usage) _usage = UsageJson.FromOpenAiResponses(Request.Model, usage);
            return Hold();
        }

        switch (type)
        {
            case "response.created" or "response.in_progress" or "response.queued":
                if (data["response"] is JsonObject response) _response = response;
                return Pass(upstreamEvent);
            case "response.output_item.added":
                if (data["item"] is JsonObject added) _openItems[outputIndex] = new OpenItem(added);
                return Pass(upstreamEvent);
            case "response.output_item.done":
                _openItems.Remove(outputIndex);
                if (data["item"] is JsonObject done) _doneItems[outputIndex] = done;
                return Pass(upstreamEvent);
            case "response.content_part.added":
                if (_openItems.TryGetValue(outputIndex, out var item) && data["part"] is JsonObject part)
                    item.Parts[contentIndex] = new OpenPart(WireJson.StringOf(part["type"]) ?? "output_text");
                return Pass(upstreamEvent);
            case "response.content_part.done":
                if (_openItems.TryGetValue(outputIndex, out var owner))
                {
                    owner.Parts.Remove(contentIndex);
                    if (data["part"] is JsonObject finished) owner.DoneParts[contentIndex] = finished;
                }

                return Pass(upstreamEvent);
            case "response.output_text.delta" or "response.refusal.delta":
            {
                var delta = WireJson.StringOf(data["delta"]);
                if (delta is not null && _openItems.TryGetValue(outputIndex, out var textItem) && textItem.Parts.TryGetValue(contentIndex, out var textPart))
                    textPart.Text.Append(delta);
                return new StreamStep(upstreamEvent.Raw, delta, null);
            }

            case "response.function_call_arguments.delta":
            {
                var delta = WireJson.StringOf(data["delta"]);
                if (delta is not null && _openItems.TryGetValue(outputIndex, out var callItem)) callItem.Arguments.Append(delta);
                return new StreamStep(upstreamEvent.Raw, delta, null);
            }

            case "error":
                return new StreamStep(upstreamEvent.Raw, null, UpstreamErrorFrom(WireProtocol.OpenAi, data["error"] as JsonObject ?? data));
            case "response.audio.delta":
                // Base64 audio, not text: its tokens arrive in the usage.
                return Pass(upstreamEvent);
            default:
                // Reasoning text and summaries, audio transcripts, custom tool input, code: all output text.
                var text = type is not null && type.EndsWith(".delta", StringComparison.Ordinal) ? WireJson.StringOf(data["delta"]) : null;
                return new StreamStep(upstreamEvent.Raw, text, null);
        }
    }

    public override byte[] Complete(decimal costUsd, string requestId)
    {
        var writer = new SseWriter();
        var terminal = _terminal ?? Terminal("response.completed", "completed", _usage is null ? null : UsageJson.ToOpenAiResponses(_usage));
        var type = _terminalType ?? "response.completed";
        if (terminal["response"]?["usage"] is JsonObject usage) ResponseUsage.AddCost(usage, costUsd);
        return writer.CostComment(costUsd, requestId).Event(type, terminal).ToArray();
    }

    public override byte[] Cut(LlmUsage charged, decimal costUsd, string requestId)
    {
        ArgumentNullException.ThrowIfNull(charged);
        if (Finished) return Complete(costUsd, requestId);
        var writer = new SseWriter();
        foreach (var (outputIndex, open) in _openItems)
        {
            var itemId = WireJson.StringOf(open.Item["id"]);
            foreach (var (contentIndex, part) in open.Parts)
            {
                var text = part.Text.ToString();
                var refusal = part.Type == "refusal";
                var finishedPart = refusal
                    ? new JsonObject { ["type"] = "refusal", ["refusal"] = text }
                    : new JsonObject { ["type"] = part.Type, ["annotations"] = new JsonArray(), ["logprobs"] = new JsonArray(), ["text"] = text };
                var done = refusal ? "response.refusal.done" : "response.output_text.done";
                var doneEvent = new JsonObject
                {
                    ["type"] = done,
                    ["sequence_number"] = NextSequence(),
                    ["item_id"] = itemId,
                    ["output_index"] = outputIndex,
                    ["content_index"] = contentIndex,
                };
                if (refusal) doneEvent["refusal"] = text;
                else
                {
                    doneEvent["text"] = text;
                    doneEvent["logprobs"] = new JsonArray();
                }

                writer.Event(done, doneEvent);
                writer.Event("response.content_part.done", new JsonObject
                {
                    ["type"] = "response.content_part.done",
                    ["sequence_number"] = NextSequence(),
                    ["item_id"] = itemId,
                    ["output_index"] = outputIndex,
                    ["content_index"] = contentIndex,
                    ["part"] = finishedPart.DeepClone(),
                });
                open.DoneParts[contentIndex] = finishedPart;
            }

            var item = (JsonObject)open.Item.DeepClone();
            if (item.ContainsKey("content"))
                item["content"] = new JsonArray([.. open.DoneParts.Values.Select(p => p.DeepClone())]);
            if (WireJson.StringOf(item["type"]) == "function_call")
            {
                var arguments = open.Arguments.ToString();
                writer.Event("response.function_call_arguments.done", new JsonObject
                {
                    ["type"] = "response.function_call_arguments.done",
                    ["sequence_number"] = NextSequence(),
                    ["item_id"] = itemId,
                    ["output_index"] = outputIndex,
                    ["arguments"] = arguments,
                });
                item["arguments"] = arguments;
            }

            if (item.ContainsKey("status")) item["status"] = "incomplete";
            writer.Event("response.output_item.done", new JsonObject
            {
                ["type"] = "response.output_item.done",
                ["sequence_number"] = NextSequence(),
                ["output_index"] = outputIndex,
                ["item"] = item.DeepClone(),
            });
            _doneItems[outputIndex] = item;
        }

        _openItems.Clear();
        var usage = UsageJson.ToOpenAiResponses(charged);
        ResponseUsage.AddCost(usage, costUsd);
        var incomplete = Terminal("response.incomplete", "incomplete", usage);
        ((JsonObject)incomplete["response"]!)["incomplete_details"] = new JsonObject { ["reason"] = "max_output_tokens" };
        _cut = true;
        return writer.CostComment(costUsd, requestId).Event("response.incomplete", incomplete).ToArray();
    }

    private long NextSequence() => ++_sequence;

    /// <summary>A terminal event: the stream's response object with its status, the output so far and the usage.</summary>
    private JsonObject Terminal(string type, string status, JsonObject? usage)
    {
        var response = (JsonObject?)_response?.DeepClone() ?? new JsonObject
        {
            ["id"] = "resp_waterfall",
            ["object"] = "response",
            ["created_at"] = 0,
            ["model"] = Request.Model,
        };
        response["status"] = status;
        response["output"] = new JsonArray([.. _doneItems.Values.Select(i => i.DeepClone())]);
        if (usage is not null) response["usage"] = usage;
        return new JsonObject
        {
            ["type"] = type,
            ["sequence_number"] = NextSequence(),
            ["response"] = response,
        };
    }

    private sealed class OpenItem(JsonObject item)
    {
        public JsonObject Item { get; } = item;

        public SortedDictionary<long, OpenPart> Parts { get; } = [];

        public SortedDictionary<long, JsonObject> DoneParts { get; } = [];

        public StringBuilder Arguments { get; } = new();
    }

    private sealed class OpenPart(string type)
    {
        public string Type { get; } = type;

        public StringBuilder Text { get; } = new();
    }
}
