using Waterfall.Domain.Pricing.Rating;
using Anthropic.Models.Messages;
using Waterfall.Gateway.Protocols.Tests.Fixtures;
using Waterfall.Gateway.Protocols.Tests.Support;

namespace Waterfall.Gateway.Protocols.Tests.Sdk;

public sealed class AnthropicSdkStreamingTests
{
    /// <summary>The model a meter reports usage for: the one the request named.</summary>
    private const string Model = "claude-sonnet-4-5";

    private static async Task<List<RawMessageStreamEvent>> Events(byte[] stream)
    {
        var events = new List<RawMessageStreamEvent>();
        var parameters = new MessageCreateParams
        {
            Model = "claude-sonnet-4-5",
            MaxTokens = 1024,
            Messages = [new UserMessageParam("hi")],
        };
        await foreach (var e in OfficialClients.Anthropic(stream).Messages.CreateStreaming(parameters)) events.Add(e);
        return events;
    }

    private static string Text(IEnumerable<RawMessageStreamEvent> events) => string.Concat(events.Select(e =>
        e.TryPickContentBlockDelta(out var delta) && delta.Delta.TryPickText(out var text) ? text.Text : ""));

    [Fact]
    public async Task A_completed_messages_stream_parses_with_its_usage()
    {
        var meter = StreamMeter.For(Wire.Parse(GatewayEndpoint.Messages, MessagesFixtures.Request));
        var run = await Wire.MeterAsync(meter, MessagesFixtures.Stream);
        var events = await Events(run.Then(meter.Complete(0.003m, "req_a")));

        Assert.Equal("Hello!", Text(events));
        Assert.True(events.Single(e => e.TryPickStart(out _)).TryPickStart(out var start));
        Assert.Equal(25, start!.Message.Usage.InputTokens);
        Assert.True(events.Single(e => e.TryPickDelta(out _)).TryPickDelta(out var delta));
        Assert.Equal(StopReason.ToolUse, delta!.Delta.StopReason!.Value());
        Assert.Equal(15, delta.Usage.OutputTokens);
        Assert.Single(events, e => e.TryPickStop(out _));
    }

    [Fact]
    public async Task A_cut_messages_stream_parses_with_stop_reason_max_tokens_and_the_charged_output()
    {
        var meter = StreamMeter.For(Wire.Parse(GatewayEndpoint.Messages, MessagesFixtures.Request));
        var run = await Wire.MeterAsync(meter, MessagesFixtures.Stream, stopAfterEvents: MessagesFixtures.StreamEventsIntoFirstDelta);
        var events = await Events(run.Then(meter.Cut(new LlmUsage(Model, InputTokens: 25, CacheReadTokens: 7, CacheWrite5mTokens: 40, OutputTokens: 3), 0.002m, "req_b")));

        Assert.Equal("Hello", Text(events));
        Assert.Single(events, e => e.TryPickContentBlockStop(out _));
        Assert.True(events.Single(e => e.TryPickDelta(out _)).TryPickDelta(out var delta));
        Assert.Equal(StopReason.MaxTokens, delta!.Delta.StopReason!.Value());
        Assert.Equal(3, delta.Usage.OutputTokens);
        Assert.Equal(25, delta.Usage.InputTokens);
        Assert.Equal(7, delta.Usage.CacheReadInputTokens);
        Assert.Equal(40, delta.Usage.CacheCreationInputTokens);
        Assert.Single(events, e => e.TryPickStop(out _));
    }
}
