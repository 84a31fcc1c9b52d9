using System.Text.Json;
using System.Text.Json.Nodes;
using Waterfall.FakeProvider.Hosting;
using Waterfall.FakeProvider.Scripting;

namespace Waterfall.FakeProvider.OpenAIApi;

/// <summary><c>POST /v1/responses</c>: one assistant message, plain or as OpenAI's sequence of typed events.</summary>
internal static class Responses
{
    // OpenAI refuses smaller limits; refusing them here too keeps a client honest against the real API.
    private const int MinimumMaxOutputTokens = 16;

    public static async Task HandleAsync(FakeCall call)
    {
        var body = call.Body;
        var model = body.RequiredString("model");
        var instructions = body.OptionalString("instructions");
        var (texts, lastUserText) = ReadInput(body);
        var limit = body.OptionalInt("max_output_tokens", MinimumMaxOutputTokens);
        var stream = body.OptionalBool("stream");
        var directives = Directives.Parse(lastUserText);
        var plan = OutputPlan.Decide(directives with { AudioOut = 0 }, call.Options.DefaultOutputPieces, limit);
        var textTokens = PromptTokens.Count(instructions) + PromptTokens.Count(texts);

        if (!await call.ActBeforeOutputAsync(directives, stream, plan.Pieces)) return;

        var response = new ResponseShape(
            Id: $"resp_fake{call.Record.Sequence:D6}", MessageId: $"msg_fake{call.Record.Sequence:D6}",
            CreatedAt: DateTimeOffset.UtcNow.ToUnixTimeSeconds(), Model: model, Instructions: instructions, MaxOutputTokens: limit,
            Text: OutputPieces.Text(plan.Pieces), Incomplete: plan.HitLimit,
            Usage: directives.NoUsage ? null : Usage(textTokens + directives.Cached, directives.Cached, plan));

        if (stream) await StreamAsync(call, response, directives, plan);
        else await call.WriteJsonAsync(response.Final());
    }

    private static async Task StreamAsync(FakeCall call, ResponseShape response, Directives directives, OutputPlan plan)
    {
        using var sse = call.StartStream();
        var sequence = 0;
        Task Send(string type, JsonObject json)
        {
            var framed = new JsonObject { ["type"] = type, ["sequence_number"] = sequence++ };
            foreach (var (name, value) in json.ToList())
            {
                json.Remove(name);
                framed[name] = value;
            }
            return sse.EventAsync(type, framed);
        }
        JsonObject InText(JsonObject json)
        {
            var located = new JsonObject { ["item_id"] = response.MessageId, ["output_index"] = 0, ["content_index"] = 0 };
            foreach (var (name, value) in json.ToList())
            {
                json.Remove(name);
                located[name] = value;
            }
            return located;
        }

        await Send("response.created", new JsonObject { ["response"] = response.InProgress() });
        await Send("response.in_progress", new JsonObject { ["response"] = response.InProgress() });
        await Send("response.output_item.added", new JsonObject { ["output_index"] = 0, ["item"] = response.Message(done: false) });
        await Send("response.content_part.added", InText(new JsonObject { ["part"] = ResponseShape.TextPart("") }));
        var completed = await sse.PiecesAsync(directives, plan.Pieces, piece =>
            Send("response.output_text.delta", InText(new JsonObject { ["delta"] = OutputPieces.At(piece), ["logprobs"] = new JsonArray() })));
        if (!completed) return;
        await Send("response.output_text.done", InText(new JsonObject { ["text"] = response.Text, ["logprobs"] = new JsonArray() }));
        await Send("response.content_part.done", InText(new JsonObject { ["part"] = ResponseShape.TextPart(response.Text) }));
        await Send("response.output_item.done", new JsonObject { ["output_index"] = 0, ["item"] = response.Message(done: true) });
        await Send(response.Incomplete ? "response.incomplete" : "response.completed", new JsonObject { ["response"] = response.Final() });
        await sse.FinishAsync();
    }

    /// <summary>The prompt's texts, and the last user message's text (a bare string input is that message).</summary>
    private static (List<string> Texts, string? LastUserText) ReadInput(JsonElement body)
    {
        switch (body.Field("input"))
        {
            case { ValueKind: JsonValueKind.String } text when text.GetString() is { Length: > 0 } input:
                return ([input], input);
            case { ValueKind: JsonValueKind.Array } items when items.GetArrayLength() > 0:
                var list = items.EnumerateArray().ToList();
                if (list.Any(item => item.ValueKind != JsonValueKind.Object))
                    throw ProtocolError.BadRequest("Each input item must be an object.", "input");
                return ([.. list.SelectMany(item => RequestBody.ContentTexts(item.Field("content")))], RequestBody.LastUserText(list));
            default:
                throw ProtocolError.BadRequest("'input' is required: a string or a non-empty array of input items.", "input");
        }
    }

    private static JsonObject Usage(int inputTokens, int cachedTokens, OutputPlan plan) => new()
    {
        ["input_tokens"] = inputTokens,
        ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = cachedTokens },
        ["output_tokens"] = plan.Pieces + plan.Reasoning,
        ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = plan.Reasoning },
        ["total_tokens"] = inputTokens + plan.Pieces + plan.Reasoning,
    };

    private sealed record ResponseShape(
        string Id, string MessageId, long CreatedAt, string Model, string? Instructions, int? MaxOutputTokens,
        string Text, bool Incomplete, JsonObject? Usage)
    {
        public JsonObject InProgress() => Build("in_progress", incompleteReason: null, output: [], usage: null);

        public JsonObject Final() => Incomplete
            ? Build("incomplete", "max_output_tokens", [Message(done: true)], Usage)
            : Build("completed", incompleteReason: null, [Message(done: true)], Usage);

        public JsonObject Message(bool done) => new()
        {
            ["id"] = MessageId,
            ["type"] = "message",
            ["status"] = !done ? "in_progress" : Incomplete ? "incomplete" : "completed",
            ["content"] = done ? new JsonArray(TextPart(Text)) : new JsonArray(),
            ["role"] = "assistant",
        };

        public static JsonObject TextPart(string text) => new()
        {
            ["type"] = "output_text", ["annotations"] = new JsonArray(), ["logprobs"] = new JsonArray(), ["text"] = text,
        };

        private JsonObject Build(string status, string? incompleteReason, JsonNode[] output, JsonObject? usage) => new()
        {
            ["id"] = Id,
            ["object"] = "response",
            ["created_at"] = CreatedAt,
            ["status"] = status,
            ["background"] = false,
            ["error"] = null,
            ["incomplete_details"] = incompleteReason is null ? null : new JsonObject { ["reason"] = incompleteReason },
            ["instructions"] = Instructions,
            ["max_output_tokens"] = MaxOutputTokens,
            ["max_tool_calls"] = null,
            ["model"] = Model,
            ["output"] = new JsonArray(output),
            ["parallel_tool_calls"] = true,
            ["previous_response_id"] = null,
            ["reasoning"] = new JsonObject { ["effort"] = null, ["summary"] = null },
            ["service_tier"] = "default",
            ["store"] = true,
            ["temperature"] = 1.0m,
            ["text"] = new JsonObject { ["format"] = new JsonObject { ["type"] = "text" }, ["verbosity"] = "medium" },
            ["tool_choice"] = "auto",
            ["tools"] = new JsonArray(),
            ["top_logprobs"] = 0,
            ["top_p"] = 1.0m,
            ["truncation"] = "disabled",
            ["usage"] = usage?.DeepClone(),
            ["user"] = null,
            ["metadata"] = new JsonObject(),
        };
    }
}
