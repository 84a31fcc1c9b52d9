using System.Text.Json;
using System.Text.Json.Nodes;
using Waterfall.FakeProvider.Hosting;
using Waterfall.FakeProvider.Scripting;

namespace Waterfall.FakeProvider.AnthropicApi;

/// <summary><c>POST /v1/messages</c> and <c>/v1/messages/count_tokens</c>, with Anthropic's usage semantics.</summary>
internal static class Messages
{
    public static async Task HandleAsync(FakeCall call)
    {
        var body = call.Body;
        var model = body.RequiredString("model");
        if (body.Field("max_tokens") is null) throw ProtocolError.BadRequest("max_tokens: Field required");
        var maxTokens = body.OptionalInt("max_tokens", 1)!.Value;
        var prompt = Prompt.Read(body);
        var stream = body.OptionalBool("stream");
        var directives = prompt.Directives;
        var plan = OutputPlan.Decide(directives with { Reasoning = 0, AudioOut = 0 }, call.Options.DefaultOutputPieces, maxTokens);

        if (!await call.ActBeforeOutputAsync(directives, stream, plan.Pieces)) return;

        var message = new MessageShape($"msg_fake{call.Record.Sequence:D6}", model, OutputPieces.Text(plan.Pieces),
            StopReason: plan.HitLimit ? "max_tokens" : "end_turn", prompt, plan.Pieces, directives.NoUsage);
        if (stream) await StreamAsync(call, message, directives, plan);
        else await call.WriteJsonAsync(message.Final());
    }

    public static async Task CountTokensAsync(FakeCall call)
    {
        call.Body.RequiredString("model");
        var prompt = Prompt.Read(call.Body);
        if (!await call.ActBeforeOutputAsync(prompt.Directives, streaming: false, pieces: 0)) return;
        await call.WriteJsonAsync(new JsonObject { ["input_tokens"] = prompt.TotalInputTokens });
    }

    private static async Task StreamAsync(FakeCall call, MessageShape message, Directives directives, OutputPlan plan)
    {
        using var sse = call.StartStream();
        await sse.EventAsync("message_start", new JsonObject { ["type"] = "message_start", ["message"] = message.Start() });
        await sse.EventAsync("content_block_start", new JsonObject
        {
            ["type"] = "content_block_start", ["index"] = 0, ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = "" },
        });
        await sse.EventAsync("ping", new JsonObject { ["type"] = "ping" });
        var completed = await sse.PiecesAsync(directives, plan.Pieces, piece => sse.EventAsync("content_block_delta", new JsonObject
        {
            ["type"] = "content_block_delta",
            ["index"] = 0,
            ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = OutputPieces.At(piece) },
        }));
        if (!completed) return;
        await sse.EventAsync("content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = 0 });
        var delta = new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = message.StopReason, ["stop_sequence"] = null },
        };
        if (!message.NoUsage) delta["usage"] = message.DeltaUsage();
        await sse.EventAsync("message_delta", delta);
        await sse.EventAsync("message_stop", new JsonObject { ["type"] = "message_stop" });
        await sse.FinishAsync();
    }

    /// <summary>The prompt as Anthropic bills it: the text is uncached input; cache reads and writes are scripted on top.</summary>
    private sealed record Prompt(int TextTokens, Directives Directives)
    {
        public int CacheWriteTokens => Directives.CacheWrite5m + Directives.CacheWrite1h;

        public int TotalInputTokens => TextTokens + Directives.Cached + CacheWriteTokens;

        public static Prompt Read(JsonElement body)
        {
            var messages = body.RequiredArray("messages").EnumerateArray().ToList();
            if (messages.Any(m => m.ValueKind != JsonValueKind.Object || m.OptionalString("role") is not ("user" or "assistant")))
                throw ProtocolError.BadRequest("messages: each message needs a role of 'user' or 'assistant'");
            var texts = RequestBody.ContentTexts(body.Field("system"))
                .Concat(messages.SelectMany(m => RequestBody.ContentTexts(m.Field("content"))));
            return new Prompt(PromptTokens.Count(texts), Directives.Parse(RequestBody.LastUserText(messages)));
        }
    }

    private sealed record MessageShape(string Id, string Model, string Text, string StopReason, Prompt Prompt, int OutputTokens, bool NoUsage)
    {
        public JsonObject Final() => Build(
            content: Text.Length == 0 ? new JsonArray() : new JsonArray(new JsonObject { ["type"] = "text", ["text"] = Text }),
            StopReason, OutputTokens);

        // Like Anthropic, message_start reports the whole input and a provisional output count; the
        // cumulative count arrives in message_delta.
        public JsonObject Start() => Build(new JsonArray(), stopReason: null, outputTokens: Math.Min(1, OutputTokens));

        public JsonObject DeltaUsage() => new()
        {
            ["input_tokens"] = Prompt.TextTokens,
            ["cache_creation_input_tokens"] = Prompt.CacheWriteTokens,
            ["cache_read_input_tokens"] = Prompt.Directives.Cached,
            ["output_tokens"] = OutputTokens,
        };

        private JsonObject Build(JsonArray content, string? stopReason, int outputTokens)
        {
            var json = new JsonObject
            {
                ["id"] = Id,
                ["type"] = "message",
                ["role"] = "assistant",
                ["model"] = Model,
                ["content"] = content,
                ["stop_reason"] = stopReason,
                ["stop_sequence"] = null,
            };
            if (!NoUsage)
                json["usage"] = new JsonObject
                {
                    ["input_tokens"] = Prompt.TextTokens,
                    ["cache_creation_input_tokens"] = Prompt.CacheWriteTokens,
                    ["cache_read_input_tokens"] = Prompt.Directives.Cached,
                    ["cache_creation"] = new JsonObject
                    {
                        ["ephemeral_5m_input_tokens"] = Prompt.Directives.CacheWrite5m,
                        ["ephemeral_1h_input_tokens"] = Prompt.Directives.CacheWrite1h,
                    },
                    ["output_tokens"] = outputTokens,
                    ["service_tier"] = "standard",
                };
            return json;
        }
    }
}
