using System.Text.Json;
using System.Text.Json.Nodes;
using Waterfall.FakeProvider.Hosting;
using Waterfall.FakeProvider.Scripting;

namespace Waterfall.FakeProvider.OpenAIApi;

/// <summary><c>POST /v1/chat/completions</c>, plain and streamed, with OpenAI's usage semantics.</summary>
internal static class ChatCompletions
{
    public static async Task HandleAsync(FakeCall call)
    {
        var body = call.Body;
        var model = body.RequiredString("model");
        var messages = body.RequiredArray("messages").EnumerateArray().ToList();
        if (messages.Any(m => m.ValueKind != JsonValueKind.Object || m.OptionalString("role") is null))
            throw ProtocolError.BadRequest("Each message needs a 'role'.", "messages");
        var n = body.OptionalInt("n", 1, 128) ?? 1;
        var limit = body.OptionalInt("max_completion_tokens", 1) ?? body.OptionalInt("max_tokens", 1);
        var stream = body.OptionalBool("stream");
        var includeUsage = stream && body.Field("stream_options") is { ValueKind: JsonValueKind.Object } streamOptions
            && streamOptions.OptionalBool("include_usage");
        var textTokens = PromptTokens.Count(messages.SelectMany(m => RequestBody.ContentTexts(m.Field("content"))));
        var directives = Directives.Parse(RequestBody.LastUserText(messages));
        var plan = OutputPlan.Decide(directives, call.Options.DefaultOutputPieces, limit);

        if (!await call.ActBeforeOutputAsync(directives, stream, plan.Pieces)) return;

        var completion = new Completion(
            Id: $"chatcmpl-fake{call.Record.Sequence:D6}", Created: DateTimeOffset.UtcNow.ToUnixTimeSeconds(), Model: model,
            Choices: n, Plan: plan, FinishReason: plan.HitLimit ? "length" : "stop",
            Usage: directives.NoUsage
                ? null
                : OpenAIProtocol.Usage(
                    promptTokens: textTokens + directives.Cached + directives.AudioIn, cachedTokens: directives.Cached,
                    audioIn: directives.AudioIn, completionTokens: n * plan.OutputTokens,
                    reasoning: n * plan.Reasoning, audioOut: n * plan.AudioOut));

        if (stream) await StreamAsync(call, completion, directives, includeUsage && !directives.NoUsage);
        else await call.WriteJsonAsync(completion.ToJson());
    }

    private static async Task StreamAsync(FakeCall call, Completion completion, Directives directives, bool includeUsage)
    {
        using var sse = call.StartStream();
        for (var choice = 0; choice < completion.Choices; choice++)
            await sse.DataAsync(completion.Chunk(includeUsage, Choice(choice, new JsonObject
            {
                ["role"] = "assistant", ["content"] = "", ["refusal"] = null,
            }, finishReason: null)));
        // Choices advance together, one piece each per step, as OpenAI interleaves them.
        var completed = await sse.PiecesAsync(directives, completion.Plan.Pieces, async piece =>
        {
            for (var choice = 0; choice < completion.Choices; choice++)
                await sse.DataAsync(completion.Chunk(includeUsage,
                    Choice(choice, new JsonObject { ["content"] = OutputPieces.At(piece, choice) }, finishReason: null)));
        });
        if (!completed) return;
        for (var choice = 0; choice < completion.Choices; choice++)
            await sse.DataAsync(completion.Chunk(includeUsage, Choice(choice, new JsonObject(), completion.FinishReason)));
        if (includeUsage && completion.Usage is { } usage)
        {
            var usageChunk = completion.Chunk(includeUsage: false);
            usageChunk["usage"] = usage.DeepClone();
            await sse.DataAsync(usageChunk);
        }
        await sse.DoneAsync();
        await sse.FinishAsync();
    }

    private static JsonObject Choice(int index, JsonObject delta, string? finishReason) => new()
    {
        ["index"] = index, ["delta"] = delta, ["logprobs"] = null, ["finish_reason"] = finishReason,
    };

    private sealed record Completion(string Id, long Created, string Model, int Choices, OutputPlan Plan, string FinishReason, JsonObject? Usage)
    {
        public JsonObject ToJson()
        {
            var choices = new JsonArray();
            for (var choice = 0; choice < Choices; choice++)
                choices.Add(new JsonObject
                {
                    ["index"] = choice,
                    ["message"] = new JsonObject
                    {
                        ["role"] = "assistant",
                        ["content"] = OutputPieces.Text(Plan.Pieces, offset: choice),
                        ["refusal"] = null,
                        ["annotations"] = new JsonArray(),
                    },
                    ["logprobs"] = null,
                    ["finish_reason"] = FinishReason,
                });
            var json = Header("chat.completion");
            json["choices"] = choices;
            if (Usage is not null) json["usage"] = Usage.DeepClone();
            json["service_tier"] = "default";
            json["system_fingerprint"] = "fp_fake";
            return json;
        }

        /// <summary>A chunk; with include_usage every chunk but the last carries <c>"usage": null</c>, as OpenAI's do.</summary>
        public JsonObject Chunk(bool includeUsage, params JsonObject[] choices)
        {
            var json = Header("chat.completion.chunk");
            json["service_tier"] = "default";
            json["system_fingerprint"] = "fp_fake";
            json["choices"] = new JsonArray([.. choices]);
            if (includeUsage) json["usage"] = null;
            return json;
        }

        private JsonObject Header(string type) => new() { ["id"] = Id, ["object"] = type, ["created"] = Created, ["model"] = Model };
    }
}
