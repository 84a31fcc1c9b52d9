using Waterfall.Gateway.Protocols.Tests.Support;

namespace Waterfall.Gateway.Protocols.Tests.Requests;

public sealed class RequestRefusalTests
{
    private const string Messages = """[{"role":"user","content":"hi"}]""";

    public static TheoryData<GatewayEndpoint, string, string?> Refusals => new()
    {
        { GatewayEndpoint.ChatCompletions, "{not json", null },
        { GatewayEndpoint.Messages, "{not json", null },
        { GatewayEndpoint.ChatCompletions, "[1,2]", null },
        { GatewayEndpoint.Responses, "\"text\"", null },
        { GatewayEndpoint.ChatCompletions, $$"""{"messages":{{Messages}}}""", "model" },
        { GatewayEndpoint.ChatCompletions, $$"""{"model":42,"messages":{{Messages}}}""", "model" },
        { GatewayEndpoint.Messages, $$"""{"max_tokens":5,"messages":{{Messages}}}""", "model" },
        { GatewayEndpoint.ChatCompletions, $$"""{"model":"gpt-4o","messages":{{Messages}},"stream":"yes"}""", "stream" },
        { GatewayEndpoint.Messages, $$"""{"model":"claude-x","max_tokens":5,"messages":{{Messages}},"stream":1}""", "stream" },
        { GatewayEndpoint.ChatCompletions, $$"""{"model":"gpt-4o","messages":{{Messages}},"max_tokens":"ten"}""", "max_tokens" },
        { GatewayEndpoint.ChatCompletions, $$"""{"model":"gpt-4o","messages":{{Messages}},"max_completion_tokens":1.5}""", "max_completion_tokens" },
        { GatewayEndpoint.ChatCompletions, $$"""{"model":"gpt-4o","messages":{{Messages}},"max_completion_tokens":0}""", "max_completion_tokens" },
        { GatewayEndpoint.Responses, """{"model":"gpt-4o","input":"hi","max_output_tokens":-3}""", "max_output_tokens" },
        { GatewayEndpoint.Responses, """{"model":"gpt-4o","input":"hi","max_output_tokens":1000001}""", "max_output_tokens" },
        { GatewayEndpoint.Messages, $$"""{"model":"claude-x","max_tokens":2000000,"messages":{{Messages}}}""", "max_tokens" },
        { GatewayEndpoint.ChatCompletions, $$"""{"model":"gpt-4o","messages":{{Messages}},"n":0}""", "n" },
        { GatewayEndpoint.ChatCompletions, $$"""{"model":"gpt-4o","messages":{{Messages}},"n":17}""", "n" },
        { GatewayEndpoint.ChatCompletions, $$"""{"model":"gpt-4o","messages":{{Messages}},"n":"2"}""", "n" },
        { GatewayEndpoint.ChatCompletions, """{"model":"gpt-4o"}""", "messages" },
        { GatewayEndpoint.ChatCompletions, """{"model":"gpt-4o","messages":"hi"}""", "messages" },
        { GatewayEndpoint.Responses, """{"model":"gpt-4o"}""", "input" },
        { GatewayEndpoint.Responses, """{"model":"gpt-4o","input":7}""", "input" },
        { GatewayEndpoint.Embeddings, """{"model":"text-embedding-3-small"}""", "input" },
        { GatewayEndpoint.Embeddings, """{"model":"text-embedding-3-small","input":"hi","stream":true}""", "stream" },
        { GatewayEndpoint.Messages, $$"""{"model":"claude-x","messages":{{Messages}}}""", "max_tokens" },
        { GatewayEndpoint.Messages, """{"model":"claude-x","max_tokens":5}""", "messages" },
        { GatewayEndpoint.CountTokens, """{"model":"claude-x"}""", "messages" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_request_the_gateway_cannot_meter_is_refused_with_a_400_naming_the_field(GatewayEndpoint endpoint, string body, string? param)
    {
        var error = Wire.Refusal(endpoint, body);

        Assert.Equal(400, error.Status);
        Assert.Equal("invalid_request_error", error.Type);
        Assert.Equal(param, error.Param);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        if (param is not null) Assert.Contains(param, error.Message);
    }

    [Fact]
    public void A_messages_request_without_max_tokens_gets_Anthropics_own_message_in_Anthropics_shape()
    {
        var error = Wire.Refusal(GatewayEndpoint.Messages, $$"""{"model":"claude-x","messages":{{Messages}}}""");
        var body = Wire.Text(ProtocolErrors.Body(WireProtocol.Anthropic, error));

        Assert.Equal("""{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: Field required"}}""", body);
    }

    [Fact]
    public void A_chat_refusal_has_OpenAIs_shape_with_the_param()
    {
        var error = Wire.Refusal(GatewayEndpoint.ChatCompletions, $$"""{"model":"gpt-4o","messages":{{Messages}},"n":99}""");
        var body = Wire.Json(ProtocolErrors.Body(WireProtocol.OpenAi, error));

        Assert.Equal("invalid_request_error", (string?)body["error"]!["type"]);
        Assert.Equal("n", (string?)body["error"]!["param"]);
        Assert.Equal("invalid_value", (string?)body["error"]!["code"]);
        Assert.Contains("1 to 16", (string?)body["error"]!["message"]);
    }

    [Fact]
    public void The_limits_bound_choices_and_output()
    {
        var limits = new RequestLimits(MaxChoices: 2, MaxOutputTokens: 100);

        Assert.Equal("n", Wire.Refusal(GatewayEndpoint.ChatCompletions, $$"""{"model":"gpt-4o","messages":{{Messages}},"n":3}""", limits).Param);
        Assert.Equal("max_tokens", Wire.Refusal(GatewayEndpoint.ChatCompletions, $$"""{"model":"gpt-4o","messages":{{Messages}},"max_tokens":101}""", limits).Param);
        Assert.Equal(100, Wire.Parse(GatewayEndpoint.ChatCompletions, $$"""{"model":"gpt-4o","messages":{{Messages}},"max_tokens":100,"n":2}""", limits).MaxOutputTokens);
    }

    [Fact]
    public void Duplicate_keys_are_refused_as_invalid_JSON_rather_than_crashing()
    {
        var error = Wire.Refusal(GatewayEndpoint.ChatCompletions, $$"""{"model":"a","model":"b","messages":{{Messages}}}""");
        Assert.Equal(400, error.Status);
    }

    [Fact]
    public void TryParse_reports_the_same_refusal_and_no_request()
    {
        var ok = RequestParser.TryParse(GatewayEndpoint.Responses, Wire.Bytes("""{"model":"gpt-4o"}"""), TokenCounter.Shared, RequestLimits.Default, out var request, out var error);

        Assert.False(ok);
        Assert.Null(request);
        Assert.Equal("input", error!.Param);
    }
}
