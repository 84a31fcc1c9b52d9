using Waterfall.Domain.Pricing.Rating;
using Waterfall.Gateway.Protocols.Tests.Fixtures;
using Waterfall.Gateway.Protocols.Tests.Support;

namespace Waterfall.Gateway.Protocols.Tests.Streams;

public sealed class MessagesStreamMeterTests
{
    /// <summary>The model a meter reports usage for: the one the request named.</summary>
    private const string Model = "claude-sonnet-4-5";

    private static StreamMeter Meter() => StreamMeter.For(Wire.Parse(GatewayEndpoint.Messages, MessagesFixtures.Request));

    [Fact]
    public async Task Input_and_cache_come_from_message_start_and_output_from_message_delta()
    {
        var meter = Meter();
        var run = await Wire.MeterAsync(meter, MessagesFixtures.Stream);

        Assert.True(meter.Finished);
        Assert.Equal(new LlmUsage(Model, InputTokens: 25, OutputTokens: 15, CacheReadTokens: 7, CacheWrite5mTokens: 40), meter.Usage);
        Assert.Equal("Hello!{\"location\": \"San", run.OutputText);
        Assert.DoesNotContain("message_stop", run.ForwardedText);
        Assert.Contains("event: message_delta", run.ForwardedText);
    }

    [Fact]
    public async Task Usage_before_message_delta_is_the_start_counts()
    {
        var meter = Meter();
        await Wire.MeterAsync(meter, MessagesFixtures.Stream, stopAfterEvents: 1);
        Assert.Equal(new LlmUsage(Model, InputTokens: 25, OutputTokens: 1, CacheReadTokens: 7, CacheWrite5mTokens: 40), meter.Usage);
        Assert.False(meter.Finished);
    }

    [Fact]
    public async Task Complete_sends_the_cost_comment_then_message_stop()
    {
        var meter = Meter();
        await Wire.MeterAsync(meter, MessagesFixtures.Stream);

        Assert.Equal(
            ": waterfall {\"request_id\":\"req_a\",\"cost\":\"0.003\"}\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
            Wire.Text(meter.Complete(0.003m, "req_a")));
    }

    [Fact]
    public async Task Cut_stops_the_open_block_and_ends_with_max_tokens_and_the_charged_output()
    {
        var meter = Meter();
        await Wire.MeterAsync(meter, MessagesFixtures.Stream, stopAfterEvents: MessagesFixtures.StreamEventsIntoFirstDelta);
        var ending = meter.Cut(new LlmUsage(Model, InputTokens: 25, CacheReadTokens: 7, CacheWrite5mTokens: 40, OutputTokens: 3), 0.002m, "req_b");
        var events = await Wire.EventsAsync(ending);

        Assert.Equal(["content_block_stop", "message_delta", "message_stop"], events.Select(e => e.Event));
        Assert.Equal(0, (int)Wire.Json(Wire.Bytes(events[0].Data))["index"]!);
        var delta = Wire.Json(Wire.Bytes(events[1].Data));
        Assert.Equal("max_tokens", (string?)delta["delta"]!["stop_reason"]);
        Assert.Equal(3, (long?)delta["usage"]!["output_tokens"]);
        Assert.Equal(25, (long?)delta["usage"]!["input_tokens"]);
        Assert.Contains(": waterfall {\"request_id\":\"req_b\",\"cost\":\"0.002\"}\nevent: message_stop\n", Wire.Text(ending));
        Assert.True(meter.Finished);
    }

    [Fact]
    public async Task Cut_between_blocks_sends_no_block_stop()
    {
        var meter = Meter();
        await Wire.MeterAsync(meter, MessagesFixtures.Stream, stopAfterEvents: 6);
        var events = await Wire.EventsAsync(meter.Cut(new LlmUsage(Model, OutputTokens: 2), 0m, "r"));

        Assert.Equal(["message_delta", "message_stop"], events.Select(e => e.Event));
    }

    [Fact]
    public async Task An_error_event_is_reported_and_forwarded()
    {
        var meter = Meter();
        var run = await Wire.MeterAsync(meter, MessagesFixtures.StreamWithError);

        var error = Assert.Single(run.Steps, s => s.UpstreamError is not null).UpstreamError!;
        Assert.Equal("overloaded_error", error.Type);
        Assert.Equal("Overloaded", error.Message);
        Assert.Contains("event: error", run.ForwardedText);
    }
}
