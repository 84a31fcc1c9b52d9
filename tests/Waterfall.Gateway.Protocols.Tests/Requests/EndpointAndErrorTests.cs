using Waterfall.Gateway.Protocols.Tests.Support;

namespace Waterfall.Gateway.Protocols.Tests.Requests;

public sealed class EndpointAndErrorTests
{
    [Theory]
    [InlineData(GatewayEndpoint.ChatCompletions, WireProtocol.OpenAi)]
    [InlineData(GatewayEndpoint.Responses, WireProtocol.OpenAi)]
    [InlineData(GatewayEndpoint.Embeddings, WireProtocol.OpenAi)]
    [InlineData(GatewayEndpoint.Messages, WireProtocol.Anthropic)]
    [InlineData(GatewayEndpoint.CountTokens, WireProtocol.Anthropic)]
    public void Each_endpoint_belongs_to_its_provider_protocol(GatewayEndpoint endpoint, WireProtocol protocol) =>
        Assert.Equal(protocol, endpoint.ProtocolOf());

    [Theory]
    [InlineData(400, "invalid_request_error", "invalid_request_error")]
    [InlineData(409, "invalid_request_error", "invalid_request_error")]
    [InlineData(401, "invalid_request_error", "authentication_error")]
    [InlineData(402, "insufficient_funds", "billing_error")]
    [InlineData(403, "permission_error", "permission_error")]
    [InlineData(404, "invalid_request_error", "not_found_error")]
    [InlineData(413, "invalid_request_error", "request_too_large")]
    [InlineData(429, "rate_limit_error", "rate_limit_error")]
    [InlineData(500, "server_error", "api_error")]
    [InlineData(502, "server_error", "api_error")]
    [InlineData(503, "server_error", "api_error")]
    [InlineData(504, "timeout", "timeout_error")]
    public void The_error_type_follows_from_the_status_in_each_protocol(int status, string openAiType, string anthropicType)
    {
        Assert.Equal(openAiType, ProtocolErrors.Create(WireProtocol.OpenAi, status, "c", "m").Type);
        Assert.Equal(anthropicType, ProtocolErrors.Create(WireProtocol.Anthropic, status, "c", "m").Type);
    }

    [Fact]
    public void An_OpenAI_error_body_has_message_type_param_and_code()
    {
        var error = ProtocolErrors.Create(WireProtocol.OpenAi, 401, "invalid_api_key", "Incorrect API key \"sk-…\".", "authorization");
        var body = Wire.Json(ProtocolErrors.Body(WireProtocol.OpenAi, error));

        Assert.Equal(
            Wire.Compact("""{"error":{"message":"Incorrect API key \"sk-…\".","type":"invalid_request_error","param":"authorization","code":"invalid_api_key"}}"""),
            Wire.Compact(body.ToJsonString()));
    }

    [Fact]
    public void An_OpenAI_error_without_a_param_sends_param_null()
    {
        var body = Wire.Json(ProtocolErrors.Body(WireProtocol.OpenAi, ProtocolErrors.Create(WireProtocol.OpenAi, 402, "insufficient_funds", "Top up.")));
        Assert.True(body["error"]!.AsObject().ContainsKey("param"));
        Assert.Null(body["error"]!["param"]);
        Assert.Equal("insufficient_funds", (string?)body["error"]!["type"]);
    }

    [Fact]
    public void An_Anthropic_error_body_is_type_error_with_the_error_type_and_message()
    {
        var error = ProtocolErrors.Create(WireProtocol.Anthropic, 402, "insufficient_funds", "Your credit balance is too low.");
        var body = Wire.Text(ProtocolErrors.Body(WireProtocol.Anthropic, error));

        Assert.Equal("""{"type":"error","error":{"type":"billing_error","message":"Your credit balance is too low."}}""", body);
    }
}
