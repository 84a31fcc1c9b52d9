using Waterfall.Domain.Pricing.Rating;
using OpenAI.Chat;
using OpenAI.Responses;
using Waterfall.Gateway.Protocols.Tests.Fixtures;
using Waterfall.Gateway.Protocols.Tests.Streams;
using Waterfall.Gateway.Protocols.Tests.Support;

namespace Waterfall.Gateway.Protocols.Tests.Sdk;

#pragma warning disable OPENAI001 // the Responses client is marked experimental in OpenAI 2.x

public sealed class OpenAiSdkStreamingTests
{
    /// <summary>The model a meter reports usage for: the one the request named.</summary>
    private const string Model = "gpt-4o-mini";

    private static async Task<List<StreamingChatCompletionUpdate>> ChatUpdates(byte[] stream)
    {
        var updates = new List<StreamingChatCompletionUpdate>();
        await foreach (var update in OfficialClients.Chat(stream).CompleteChatStreamingAsync([new UserChatMessage("hi")]))
            updates.Add(update);
        return updates;
    }

    private static async Task<List<StreamingResponseUpdate>> ResponseUpdates(byte[] stream)
    {
        var updates = new List<StreamingResponseUpdate>();
        var result = await OfficialClients.Responses(stream).CreateResponseStreamingAsync(new CreateResponseOptions
        {
            Model = "gpt-4.1",
            StreamingEnabled = true,
            InputItems = { ResponseItem.CreateUserMessageItem("hi") },
        });
        await foreach (var update in result) updates.Add(update);
        return updates;
    }

    [Fact]
    public async Task A_completed_chat_stream_with_include_usage_parses_with_its_usage()
    {
        var meter = StreamMeter.For(Wire.Parse(GatewayEndpoint.ChatCompletions, ChatStreamMeterTests.AskingUsage));
        var run = await Wire.MeterAsync(meter, ChatFixtures.StreamWithUsage);
        var updates = await ChatUpdates(run.Then(meter.Complete(0.000123m, "req_1")));

        Assert.Equal("Hello world", string.Concat(updates.SelectMany(u => u.ContentUpdate).Select(p => p.Text)));
        Assert.Equal(ChatFinishReason.Stop, updates.Single(u => u.FinishReason is not null).FinishReason);
        var usage = updates.Single(u => u.Usage is not null).Usage;
        Assert.Equal(19, usage.InputTokenCount);
        Assert.Equal(10, usage.OutputTokenCount);
    }

    [Fact]
    public async Task A_completed_chat_stream_without_include_usage_parses_with_no_usage()
    {
        var meter = StreamMeter.For(Wire.Parse(GatewayEndpoint.ChatCompletions, ChatStreamMeterTests.NotAskingUsage));
        var run = await Wire.MeterAsync(meter, ChatFixtures.StreamWithUsageOnChoiceChunk);
        var updates = await ChatUpdates(run.Then(meter.Complete(0.5m, "req_2")));

        Assert.All(updates, u => Assert.Null(u.Usage));
        Assert.Equal(ChatFinishReason.Stop, updates.Single(u => u.FinishReason is not null).FinishReason);
        Assert.Equal("lookup", updates.SelectMany(u => u.ToolCallUpdates).Single(t => t.FunctionName is not null).FunctionName);
    }

    [Fact]
    public async Task A_cut_chat_stream_with_include_usage_parses_with_finish_reason_length_and_the_charged_usage()
    {
        var meter = StreamMeter.For(Wire.Parse(GatewayEndpoint.ChatCompletions, ChatStreamMeterTests.AskingUsage));
        var run = await Wire.MeterAsync(meter, ChatFixtures.StreamWithUsage, stopAfterEvents: ChatFixtures.StreamEventsBeforeFinish);
        var charged = new LlmUsage(Model, InputTokens: 15, CacheReadTokens: 4, OutputTokens: 2, ReasoningTokens: 1);
        var updates = await ChatUpdates(run.Then(meter.Cut(charged, 0.000042m, "req_3")));

        Assert.Equal("Hello world", string.Concat(updates.SelectMany(u => u.ContentUpdate).Select(p => p.Text)));
        Assert.Equal(ChatFinishReason.Length, updates.Single(u => u.FinishReason is not null).FinishReason);
        var usage = updates.Single(u => u.Usage is not null).Usage;
        Assert.Equal(19, usage.InputTokenCount);
        Assert.Equal(3, usage.OutputTokenCount);
        Assert.Equal(22, usage.TotalTokenCount);
        Assert.Equal(4, usage.InputTokenDetails.CachedTokenCount);
        Assert.Equal(1, usage.OutputTokenDetails.ReasoningTokenCount);
    }

    [Fact]
    public async Task A_cut_chat_stream_without_include_usage_parses_with_finish_reason_length_and_no_usage()
    {
        var meter = StreamMeter.For(Wire.Parse(GatewayEndpoint.ChatCompletions, ChatStreamMeterTests.NotAskingUsage));
        var run = await Wire.MeterAsync(meter, ChatFixtures.StreamWithUsage, stopAfterEvents: 2);
        var updates = await ChatUpdates(run.Then(meter.Cut(new LlmUsage(Model, InputTokens: 9, OutputTokens: 1), 0.1m, "r")));

        Assert.Equal("Hello", string.Concat(updates.SelectMany(u => u.ContentUpdate).Select(p => p.Text)));
        Assert.Equal(ChatFinishReason.Length, updates.Single(u => u.FinishReason is not null).FinishReason);
        Assert.All(updates, u => Assert.Null(u.Usage));
    }

    [Fact]
    public async Task A_completed_responses_stream_parses_with_its_usage()
    {
        var meter = StreamMeter.For(Wire.Parse(GatewayEndpoint.Responses, ResponsesStreamMeterTests.Request));
        var run = await Wire.MeterAsync(meter, ResponsesFixtures.Stream);
        var updates = await ResponseUpdates(run.Then(meter.Complete(0.0007m, "req_r")));

        Assert.Equal("Hi there", string.Concat(updates.OfType<StreamingResponseOutputTextDeltaUpdate>().Select(u => u.Delta)));
        var completed = Assert.Single(updates.OfType<StreamingResponseCompletedUpdate>());
        Assert.Equal(ResponseStatus.Completed, completed.Response.Status);
        Assert.Equal(37, completed.Response.Usage.InputTokenCount);
        Assert.Equal(11, completed.Response.Usage.OutputTokenCount);
        Assert.Equal(5, completed.Response.Usage.InputTokenDetails.CachedTokenCount);
        Assert.Equal(3, completed.Response.Usage.OutputTokenDetails.ReasoningTokenCount);
    }

    [Fact]
    public async Task A_cut_responses_stream_parses_as_incomplete_for_max_output_tokens_with_the_charged_usage()
    {
        var meter = StreamMeter.For(Wire.Parse(GatewayEndpoint.Responses, ResponsesStreamMeterTests.Request));
        var run = await Wire.MeterAsync(meter, ResponsesFixtures.Stream, stopAfterEvents: ResponsesFixtures.StreamEventsIntoFirstDelta);
        var updates = await ResponseUpdates(run.Then(meter.Cut(new LlmUsage(Model, InputTokens: 30, CacheReadTokens: 2, OutputTokens: 1), 0.00001m, "req_c")));

        Assert.Equal("Hi", Assert.Single(updates.OfType<StreamingResponseOutputTextDoneUpdate>()).Text);
        Assert.Single(updates.OfType<StreamingResponseOutputItemDoneUpdate>());
        var incomplete = Assert.Single(updates.OfType<StreamingResponseIncompleteUpdate>());
        Assert.Equal(ResponseStatus.Incomplete, incomplete.Response.Status);
        Assert.Equal(ResponseIncompleteStatusReason.MaxOutputTokens, incomplete.Response.IncompleteStatusDetails.Reason);
        Assert.Equal(32, incomplete.Response.Usage.InputTokenCount);
        Assert.Equal(1, incomplete.Response.Usage.OutputTokenCount);
        Assert.Equal(2, incomplete.Response.Usage.InputTokenDetails.CachedTokenCount);
        Assert.Equal("Hi", incomplete.Response.GetOutputText());
    }
}
