using Waterfall.Domain.Pricing.Rating;
using Waterfall.Gateway.Protocols.Tests.Fixtures;
using Waterfall.Gateway.Protocols.Tests.Support;

namespace Waterfall.Gateway.Protocols.Tests.Streams;

public sealed class ResponsesStreamMeterTests
{
    /// <summary>The model a meter reports usage for: the one the request named.</summary>
    private const string Model = "gpt-4.1";

    internal const string Request = """{"model":"gpt-4.1","input":"hi","stream":true}""";

    private static StreamMeter Meter() => StreamMeter.For(Wire.Parse(GatewayEndpoint.Responses, Request));

    [Fact]
    public async Task The_terminal_event_is_held_back_and_its_usage_collected()
    {
        var meter = Meter();
        var run = await Wire.MeterAsync(meter, ResponsesFixtures.Stream);

        Assert.True(meter.Finished);
        Assert.Equal(new LlmUsage(Model, InputTokens: 32, CacheReadTokens: 5, OutputTokens: 8, ReasoningTokens: 3), meter.Usage);
        Assert.DoesNotContain("response.completed", run.ForwardedText);
        Assert.Contains("response.output_item.done", run.ForwardedText);
        Assert.Equal("Hi there", run.OutputText);
    }

    [Fact]
    public async Task Complete_sends_the_cost_comment_then_the_completed_event_with_the_cost()
    {
        var meter = Meter();
        await Wire.MeterAsync(meter, ResponsesFixtures.Stream);
        var ending = meter.Complete(0.0007m, "req_r");
        var events = await Wire.EventsAsync(ending);

        var completed = Assert.Single(events);
        Assert.Equal("response.completed", completed.Event);
        Assert.StartsWith(": waterfall {\"request_id\":\"req_r\",\"cost\":\"0.0007\"}\nevent: response.completed\n", Wire.Text(ending));
        var usage = Wire.Json(Wire.Bytes(completed.Data))["response"]!["usage"]!;
        Assert.Equal(37, (long?)usage["input_tokens"]);
        Assert.Equal(0.0007m, usage["cost"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Cut_closes_the_open_part_and_item_and_ends_with_response_incomplete()
    {
        var meter = Meter();
        await Wire.MeterAsync(meter, ResponsesFixtures.Stream, stopAfterEvents: ResponsesFixtures.StreamEventsIntoFirstDelta);
        var ending = meter.Cut(new LlmUsage(Model, InputTokens: 30, OutputTokens: 1), 0.00001m, "req_c");
        var events = await Wire.EventsAsync(ending);

        Assert.Equal(
            ["response.output_text.done", "response.content_part.done", "response.output_item.done", "response.incomplete"],
            events.Select(e => e.Event));
        var objects = events.Select(e => Wire.Json(Wire.Bytes(e.Data))).ToList();
        Assert.Equal([5, 6, 7, 8], objects.Select(o => (long)o["sequence_number"]!));
        Assert.Equal("Hi", (string?)objects[0]["text"]);
        Assert.Equal("Hi", (string?)objects[1]["part"]!["text"]);
        Assert.Equal("incomplete", (string?)objects[2]["item"]!["status"]);
        var response = objects[3]["response"]!;
        Assert.Equal("resp_1", (string?)response["id"]);
        Assert.Equal("incomplete", (string?)response["status"]);
        Assert.Equal("max_output_tokens", (string?)response["incomplete_details"]!["reason"]);
        Assert.Equal("Hi", (string?)response["output"]![0]!["content"]![0]!["text"]);
        Assert.Equal(30, (long?)response["usage"]!["input_tokens"]);
        Assert.Equal(1, (long?)response["usage"]!["output_tokens"]);
        Assert.Equal(0.00001m, response["usage"]!["cost"]!.GetValue<decimal>());
        Assert.Contains(": waterfall {\"request_id\":\"req_c\",\"cost\":\"0.00001\"}\nevent: response.incomplete\n", Wire.Text(ending));
    }

    [Fact]
    public async Task Cut_of_a_function_call_sends_its_arguments_so_far()
    {
        const string stream = """
            event: response.created
            data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_f","object":"response","created_at":1,"status":"in_progress","model":"gpt-4.1","output":[],"usage":null}}

            event: response.output_item.added
            data: {"type":"response.output_item.added","sequence_number":1,"output_index":0,"item":{"type":"function_call","id":"fc_1","call_id":"call_1","name":"lookup","arguments":"","status":"in_progress"}}

            event: response.function_call_arguments.delta
            data: {"type":"response.function_call_arguments.delta","sequence_number":2,"item_id":"fc_1","output_index":0,"delta":"{\"q\":\"ca"}


            """;
        var meter = Meter();
        var run = await Wire.MeterAsync(meter, stream);
        var objects = await Wire.DataObjectsAsync(meter.Cut(new LlmUsage(Model, OutputTokens: 4), 0m, "r"));

        Assert.Equal("{\"q\":\"ca", run.OutputText);
        Assert.Equal("response.function_call_arguments.done", (string?)objects[0]["type"]);
        Assert.Equal("{\"q\":\"ca", (string?)objects[0]["arguments"]);
        Assert.Equal("{\"q\":\"ca", (string?)objects[1]["item"]!["arguments"]);
        Assert.Equal("response.incomplete", (string?)objects[2]["type"]);
    }

    [Fact]
    public async Task An_error_event_is_reported_and_forwarded()
    {
        const string stream = """
            event: error
            data: {"type":"error","code":"server_error","message":"Something went wrong","param":null,"sequence_number":3}


            """;
        var run = await Wire.MeterAsync(Meter(), stream);

        var error = Assert.Single(run.Steps).UpstreamError!;
        Assert.Equal("server_error", error.Code);
        Assert.Equal("Something went wrong", error.Message);
        Assert.Contains("event: error", run.ForwardedText);
    }
}
