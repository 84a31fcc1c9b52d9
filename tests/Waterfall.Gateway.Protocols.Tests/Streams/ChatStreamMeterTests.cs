using Waterfall.Domain.Pricing.Rating;
using System.Text.Json.Nodes;
using Waterfall.Gateway.Protocols.Tests.Fixtures;
using Waterfall.Gateway.Protocols.Tests.Support;

namespace Waterfall.Gateway.Protocols.Tests.Streams;

public sealed class ChatStreamMeterTests
{
    /// <summary>The model a meter reports usage for: the one the request named.</summary>
    private const string Model = "gpt-4o-mini";

    internal const string AskingUsage = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"stream":true,"stream_options":{"include_usage":true}}""";
    internal const string NotAskingUsage = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"stream":true}""";

    private static StreamMeter Meter(string request) => StreamMeter.For(Wire.Parse(GatewayEndpoint.ChatCompletions, request));

    [Fact]
    public async Task The_usage_chunk_and_DONE_are_held_back_and_the_usage_collected()
    {
        var meter = Meter(AskingUsage);
        var run = await Wire.MeterAsync(meter, ChatFixtures.StreamWithUsage);

        Assert.True(meter.Finished);
        Assert.Equal(new LlmUsage(Model, InputTokens: 19, OutputTokens: 10), meter.Usage);
        Assert.DoesNotContain("[DONE]", run.ForwardedText);
        Assert.DoesNotContain("\"prompt_tokens\"", run.ForwardedText);
        Assert.Contains("\"finish_reason\":\"stop\"", run.ForwardedText);
        Assert.Equal("Hello world", run.OutputText);
    }

    [Fact]
    public async Task Forwarded_chunks_are_the_providers_bytes()
    {
        var run = await Wire.MeterAsync(Meter(AskingUsage), ChatFixtures.StreamWithUsage);
        var upstream = await Wire.EventsAsync(Wire.Bytes(ChatFixtures.StreamWithUsage));

        Assert.Equal(string.Concat(upstream.Take(4).Select(e => Wire.Text(e.Raw))), run.ForwardedText);
    }

    [Fact]
    public async Task Complete_sends_the_usage_chunk_with_the_cost_then_the_cost_comment_and_DONE_to_a_client_that_asked()
    {
        var meter = Meter(AskingUsage);
        await Wire.MeterAsync(meter, ChatFixtures.StreamWithUsage);
        var ending = Wire.Text(meter.Complete(0.000123m, "req_1"));

        var events = await Wire.EventsAsync(Wire.Bytes(ending));
        var usageChunk = (JsonObject)JsonNode.Parse(events[0].Data)!;
        Assert.Empty(usageChunk["choices"]!.AsArray());
        Assert.Equal(0.000123m, usageChunk["usage"]!["cost"]!.GetValue<decimal>());
        Assert.Equal(19, (long?)usageChunk["usage"]!["prompt_tokens"]);
        Assert.Contains(": waterfall {\"request_id\":\"req_1\",\"cost\":\"0.000123\"}\ndata: [DONE]\n\n", ending);
        Assert.EndsWith("data: [DONE]\n\n", ending);
    }

    [Fact]
    public async Task A_client_that_did_not_ask_never_sees_a_usage_chunk()
    {
        var meter = Meter(NotAskingUsage);
        var run = await Wire.MeterAsync(meter, ChatFixtures.StreamWithUsage);
        var ending = Wire.Text(meter.Complete(0.5m, "req_2"));

        Assert.Equal(new LlmUsage(Model, InputTokens: 19, OutputTokens: 10), meter.Usage);
        Assert.DoesNotContain("prompt_tokens", run.ForwardedText + ending);
        Assert.Equal(": waterfall {\"request_id\":\"req_2\",\"cost\":\"0.5\"}\ndata: [DONE]\n\n", ending);
    }

    [Fact]
    public async Task Usage_riding_on_a_chunk_with_choices_is_stripped_and_the_choices_forwarded()
    {
        var meter = Meter(NotAskingUsage);
        var run = await Wire.MeterAsync(meter, ChatFixtures.StreamWithUsageOnChoiceChunk);

        Assert.Equal(new LlmUsage(Model, InputTokens: 20, OutputTokens: 7, CacheReadTokens: 10, ReasoningTokens: 5), meter.Usage);
        Assert.DoesNotContain("usage", run.ForwardedText);
        Assert.Contains("\"content\":\"Done\"", run.ForwardedText);
        Assert.Contains(": keep-alive\n\n", run.ForwardedText);
        Assert.Equal("Thinklookup{\"q\":Done", run.OutputText);
    }

    [Fact]
    public async Task Usage_that_rode_on_a_choice_chunk_reaches_a_client_that_asked_in_a_usage_chunk()
    {
        var meter = Meter(AskingUsage);
        await Wire.MeterAsync(meter, ChatFixtures.StreamWithUsageOnChoiceChunk);
        var objects = await Wire.DataObjectsAsync(meter.Complete(0.01m, "r"));

        var usageChunk = Assert.Single(objects);
        Assert.Equal("c-9", (string?)usageChunk["id"]);
        Assert.Equal("deepseek-reasoner", (string?)usageChunk["model"]);
        Assert.Equal(30, (long?)usageChunk["usage"]!["prompt_tokens"]);
        Assert.Equal(0.01m, usageChunk["usage"]!["cost"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task An_error_inside_the_stream_is_reported_and_forwarded()
    {
        var meter = Meter(NotAskingUsage);
        var run = await Wire.MeterAsync(meter, ChatFixtures.StreamWithError);

        var error = Assert.Single(run.Steps, s => s.UpstreamError is not null).UpstreamError!;
        Assert.Equal("server_error", error.Type);
        Assert.Equal("internal_error", error.Code);
        Assert.Contains("\"error\"", run.ForwardedText);
        Assert.False(meter.Finished);
    }

    [Fact]
    public async Task Cut_ends_each_open_choice_with_length_then_the_charged_usage_with_the_cost()
    {
        var meter = StreamMeter.For(Wire.Parse(GatewayEndpoint.ChatCompletions, AskingUsage.Replace("\"stream\":true", "\"stream\":true,\"n\":2")));
        await Wire.MeterAsync(meter, ChatFixtures.StreamWithUsage, stopAfterEvents: ChatFixtures.StreamEventsBeforeFinish);
        var charged = new LlmUsage(Model, InputTokens: 15, CacheReadTokens: 4, OutputTokens: 2, ReasoningTokens: 1);
        var ending = meter.Cut(charged, 0.000042m, "req_3");
        var objects = await Wire.DataObjectsAsync(ending);

        Assert.Equal(3, objects.Count);
        Assert.Equal([0, 1], objects.Take(2).Select(o => (int)o["choices"]![0]!["index"]!));
        Assert.All(objects.Take(2), o =>
        {
            Assert.Equal("length", (string?)o["choices"]![0]!["finish_reason"]);
            Assert.Equal("chatcmpl-123", (string?)o["id"]);
            Assert.Equal(1694268190, (long?)o["created"]);
        });
        var usage = objects[2]["usage"]!;
        Assert.Equal(19, (long?)usage["prompt_tokens"]);
        Assert.Equal(3, (long?)usage["completion_tokens"]);
        Assert.Equal(22, (long?)usage["total_tokens"]);
        Assert.Equal(4, (long?)usage["prompt_tokens_details"]!["cached_tokens"]);
        Assert.Equal(1, (long?)usage["completion_tokens_details"]!["reasoning_tokens"]);
        Assert.Equal(0.000042m, usage["cost"]!.GetValue<decimal>());
        Assert.EndsWith(": waterfall {\"request_id\":\"req_3\",\"cost\":\"0.000042\"}\ndata: [DONE]\n\n", Wire.Text(ending));
    }

    [Fact]
    public async Task Cut_skips_choices_that_already_finished_and_the_usage_for_a_client_that_did_not_ask()
    {
        var meter = Meter(NotAskingUsage);
        await Wire.MeterAsync(meter, ChatFixtures.StreamWithUsage, stopAfterEvents: 4);
        var ending = Wire.Text(meter.Cut(new LlmUsage(Model, OutputTokens: 3), 0.1m, "r"));

        Assert.Equal(": waterfall {\"request_id\":\"r\",\"cost\":\"0.1\"}\ndata: [DONE]\n\n", ending);
    }

    [Fact]
    public void StreamMeter_refuses_an_endpoint_that_does_not_stream() =>
        Assert.Throws<ArgumentException>(() => StreamMeter.For(Wire.Parse(GatewayEndpoint.Embeddings, EmbeddingsFixtures.Request)));
}
