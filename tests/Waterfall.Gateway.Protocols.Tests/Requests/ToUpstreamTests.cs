using System.Text.Json.Nodes;
using Waterfall.Gateway.Protocols.Tests.Fixtures;
using Waterfall.Gateway.Protocols.Tests.Support;

namespace Waterfall.Gateway.Protocols.Tests.Requests;

public sealed class ToUpstreamTests
{
    [Fact]
    public void The_model_is_replaced_and_every_other_field_kept()
    {
        var request = Wire.Parse(GatewayEndpoint.ChatCompletions, ChatFixtures.Request);
        var upstream = Wire.Json(request.ToUpstream("gpt-4o-mini-2024-07-18", null, askUsage: false));

        Assert.Equal("gpt-4o-mini-2024-07-18", (string?)upstream["model"]);
        var expected = (JsonObject)JsonNode.Parse(ChatFixtures.Request)!;
        expected["model"] = "gpt-4o-mini-2024-07-18";
        Assert.True(JsonNode.DeepEquals(expected, upstream));
        Assert.Equal("[1,2.50,\"three\"]", upstream["x_vendor_extension"]!["keep"]!.ToJsonString());
    }

    [Fact]
    public void The_body_the_client_sent_is_not_changed_by_a_rewrite()
    {
        var request = Wire.Parse(GatewayEndpoint.ChatCompletions, ChatFixtures.Request);
        _ = request.ToUpstream("other", 10, askUsage: true);

        Assert.Equal("gpt-4o-mini", (string?)request.Body["model"]);
        Assert.Equal(500, (long?)request.Body["max_completion_tokens"]);
    }

    [Fact]
    public void A_chat_limit_goes_in_the_field_the_client_used()
    {
        var completion = Wire.Parse(GatewayEndpoint.ChatCompletions, """{"model":"gpt-4o","messages":[],"max_completion_tokens":500}""".Replace("[]", """[{"role":"user","content":"hi"}]"""));
        var legacy = Wire.Parse(GatewayEndpoint.ChatCompletions, """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"max_tokens":500}""");

        var a = Wire.Json(completion.ToUpstream("gpt-4o", 120, false));
        var b = Wire.Json(legacy.ToUpstream("gpt-4o", 120, false));

        Assert.Equal(120, (long?)a["max_completion_tokens"]);
        Assert.False(a.ContainsKey("max_tokens"));
        Assert.Equal(120, (long?)b["max_tokens"]);
        Assert.False(b.ContainsKey("max_completion_tokens"));
    }

    [Fact]
    public void A_chat_without_a_limit_gets_max_tokens_or_for_OpenAI_reasoning_models_max_completion_tokens()
    {
        var request = Wire.Parse(GatewayEndpoint.ChatCompletions, """{"model":"m","messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(77, (long?)Wire.Json(request.ToUpstream("deepseek-chat", 77, false))["max_tokens"]);
        Assert.Equal(77, (long?)Wire.Json(request.ToUpstream("xai/grok-4", 77, false))["max_tokens"]);
        var reasoning = Wire.Json(request.ToUpstream("o3-mini", 77, false));
        Assert.Equal(77, (long?)reasoning["max_completion_tokens"]);
        Assert.False(reasoning.ContainsKey("max_tokens"));
    }

    [Fact]
    public void A_null_limit_leaves_the_clients_limit_or_its_absence()
    {
        var request = Wire.Parse(GatewayEndpoint.ChatCompletions, """{"model":"m","messages":[{"role":"user","content":"hi"}]}""");
        var upstream = Wire.Json(request.ToUpstream("m", null, false));

        Assert.False(upstream.ContainsKey("max_tokens"));
        Assert.False(upstream.ContainsKey("max_completion_tokens"));
    }

    [Fact]
    public void A_responses_limit_goes_in_max_output_tokens()
    {
        var request = Wire.Parse(GatewayEndpoint.Responses, """{"model":"gpt-4o","input":"hi","metadata":{"a":"b"}}""");
        var upstream = Wire.Json(request.ToUpstream("gpt-4o-2024-11-20", 300, false));

        Assert.Equal(300, (long?)upstream["max_output_tokens"]);
        Assert.Equal("b", (string?)upstream["metadata"]!["a"]);
        Assert.False(upstream.ContainsKey("stream_options"));
    }

    [Fact]
    public void A_messages_limit_goes_in_max_tokens()
    {
        var request = Wire.Parse(GatewayEndpoint.Messages, MessagesFixtures.Request);
        var upstream = Wire.Json(request.ToUpstream("claude-sonnet-4-5-20250929", 256, false));

        Assert.Equal(256, (long?)upstream["max_tokens"]);
        Assert.Equal("claude-sonnet-4-5-20250929", (string?)upstream["model"]);
        Assert.Equal(512, (long?)upstream["thinking"]!["budget_tokens"]);
        Assert.True((bool?)upstream["anthropic_extension"]);
    }

    [Fact]
    public void Asking_usage_sets_include_usage_and_keeps_the_other_stream_options()
    {
        var request = Wire.Parse(GatewayEndpoint.ChatCompletions, """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"stream":true,"stream_options":{"include_obfuscation":false}}""");
        var upstream = Wire.Json(request.ToUpstream("gpt-4o", null, askUsage: true));

        Assert.True((bool?)upstream["stream_options"]!["include_usage"]);
        Assert.False((bool?)upstream["stream_options"]!["include_obfuscation"]);
        Assert.False(request.ClientWantsUsage);
    }

    [Fact]
    public void Asking_usage_adds_stream_options_when_the_client_sent_none()
    {
        var request = Wire.Parse(GatewayEndpoint.ChatCompletions, """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"stream":true}""");
        var upstream = Wire.Json(request.ToUpstream("gpt-4o", null, askUsage: true));

        Assert.Equal("""{"include_usage":true}""", upstream["stream_options"]!.ToJsonString());
    }

    [Fact]
    public void Asking_usage_does_nothing_for_a_request_that_does_not_stream()
    {
        var request = Wire.Parse(GatewayEndpoint.ChatCompletions, """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""");
        Assert.False(Wire.Json(request.ToUpstream("gpt-4o", null, askUsage: true)).ContainsKey("stream_options"));
    }

    [Fact]
    public void Non_ASCII_text_travels_unescaped_and_unchanged()
    {
        var request = Wire.Parse(GatewayEndpoint.ChatCompletions, """{"model":"gpt-4o","messages":[{"role":"user","content":"こんにちは世界 — \"quoted\""}]}""");
        var text = Wire.Text(request.ToUpstream("gpt-4o", null, false));

        Assert.Contains("こんにちは世界 — \\\"quoted\\\"", text);
    }
}
