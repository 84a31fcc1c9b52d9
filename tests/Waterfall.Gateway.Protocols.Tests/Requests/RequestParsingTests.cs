using Waterfall.Gateway.Protocols.Tests.Fixtures;
using Waterfall.Gateway.Protocols.Tests.Support;

namespace Waterfall.Gateway.Protocols.Tests.Requests;

public sealed class RequestParsingTests
{
    [Fact]
    public void A_chat_request_yields_every_metered_field()
    {
        var request = Wire.Parse(GatewayEndpoint.ChatCompletions, ChatFixtures.Request);

        Assert.Equal(GatewayEndpoint.ChatCompletions, request.Endpoint);
        Assert.Equal(WireProtocol.OpenAi, request.Protocol);
        Assert.Equal("gpt-4o-mini", request.Model);
        Assert.True(request.Stream);
        Assert.Equal(500, request.MaxOutputTokens);
        Assert.Equal(2, request.Choices);
        Assert.Equal("user-1234", request.User);
        Assert.True(request.ClientWantsUsage);
        Assert.True(request.PromptTokens > 2_048, "the image part alone counts the fixed amount");
        Assert.Equal(0.2m, request.Body["temperature"]!.GetValue<decimal>());
    }

    [Fact]
    public void A_chat_request_falls_back_to_max_tokens_and_defaults_to_one_choice()
    {
        var request = Wire.Parse(GatewayEndpoint.ChatCompletions, """{"model":"deepseek-chat","messages":[{"role":"user","content":"hi"}],"max_tokens":64}""");

        Assert.Equal(64, request.MaxOutputTokens);
        Assert.Equal(1, request.Choices);
        Assert.False(request.Stream);
        Assert.False(request.ClientWantsUsage);
        Assert.Null(request.User);
    }

    [Fact]
    public void A_chat_stream_without_include_usage_does_not_want_usage()
    {
        var request = Wire.Parse(GatewayEndpoint.ChatCompletions, """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"stream":true,"stream_options":{"include_usage":false}}""");

        Assert.True(request.Stream);
        Assert.False(request.ClientWantsUsage);
        Assert.Null(request.MaxOutputTokens);
    }

    [Fact]
    public void A_responses_request_yields_every_metered_field()
    {
        var request = Wire.Parse(GatewayEndpoint.Responses, ResponsesFixtures.Request);

        Assert.Equal("gpt-4.1", request.Model);
        Assert.True(request.Stream);
        Assert.Equal(800, request.MaxOutputTokens);
        Assert.Equal(1, request.Choices);
        Assert.Equal("user-77", request.User);
        Assert.False(request.ClientWantsUsage);
        Assert.True(request.PromptTokens > 2_048);
    }

    [Fact]
    public void A_responses_request_with_a_string_input_counts_instructions_and_input()
    {
        var request = Wire.Parse(GatewayEndpoint.Responses, """{"model":"gpt-4o","instructions":"Hello, world!","input":"hello world"}""");

        Assert.Equal(4 + 2, request.PromptTokens);
        Assert.Null(request.MaxOutputTokens);
        Assert.False(request.Stream);
    }

    [Fact]
    public void An_embeddings_request_has_no_output_limit_and_one_choice()
    {
        var request = Wire.Parse(GatewayEndpoint.Embeddings, EmbeddingsFixtures.Request);

        Assert.Equal("text-embedding-3-small", request.Model);
        Assert.False(request.Stream);
        Assert.Null(request.MaxOutputTokens);
        Assert.Equal(1, request.Choices);
        Assert.Equal("u-9", request.User);
        Assert.Equal(TokenCounter.Shared.Count("text-embedding-3-small", "The food was delicious") + TokenCounter.Shared.Count("text-embedding-3-small", "and the waiter"), request.PromptTokens);
    }

    [Theory]
    [InlineData("\"hello world\"", 2)]
    [InlineData("[\"hello world\", \"Hello, world!\"]", 6)]
    [InlineData("[1, 2, 3, 4, 5]", 5)]
    [InlineData("[[1, 2, 3], [4, 5]]", 5)]
    public void Embeddings_count_strings_by_the_tokenizer_and_token_arrays_by_their_length(string input, long expected)
    {
        var request = Wire.Parse(GatewayEndpoint.Embeddings, $$"""{"model":"text-embedding-3-small","input":{{input}}}""");
        Assert.Equal(expected, request.PromptTokens);
    }

    [Fact]
    public void A_messages_request_yields_every_metered_field()
    {
        var request = Wire.Parse(GatewayEndpoint.Messages, MessagesFixtures.Request);

        Assert.Equal(WireProtocol.Anthropic, request.Protocol);
        Assert.Equal("claude-sonnet-4-5", request.Model);
        Assert.True(request.Stream);
        Assert.Equal(1024, request.MaxOutputTokens);
        Assert.Equal(1, request.Choices);
        Assert.Equal("user-42", request.User);
        Assert.False(request.ClientWantsUsage);
        Assert.True(request.PromptTokens > 2_048);
    }

    [Fact]
    public void A_count_tokens_request_needs_no_max_tokens_and_never_streams()
    {
        var request = Wire.Parse(GatewayEndpoint.CountTokens, """{"model":"claude-opus-4-1","messages":[{"role":"user","content":"Hello, world!"}]}""");

        Assert.Null(request.MaxOutputTokens);
        Assert.False(request.Stream);
        // ceil(4 × 1.25) for the estimated text, plus 3 per message and 3 for the reply.
        Assert.Equal(5 + 3 + 3, request.PromptTokens);
    }

    [Fact]
    public void A_chat_prompt_counts_three_per_message_the_role_and_content_and_three_for_the_reply()
    {
        var request = Wire.Parse(GatewayEndpoint.ChatCompletions, """{"model":"gpt-4o","messages":[{"role":"user","content":"Hello, world!"}]}""");

        var role = TokenCounter.Shared.Count("gpt-4o", "user");
        Assert.Equal(3 + role + 4 + 3, request.PromptTokens);
    }

    [Fact]
    public void A_named_chat_message_costs_its_name_and_one_more_token()
    {
        var plain = Wire.Parse(GatewayEndpoint.ChatCompletions, """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""");
        var named = Wire.Parse(GatewayEndpoint.ChatCompletions, """{"model":"gpt-4o","messages":[{"role":"user","name":"hello world","content":"hi"}]}""");

        Assert.Equal(plain.PromptTokens + 2 + 1, named.PromptTokens);
    }

    [Fact]
    public void Chat_tools_count_as_their_JSON_text()
    {
        const string tools = """[{"type":"function","function":{"name":"f"}}]""";
        var plain = Wire.Parse(GatewayEndpoint.ChatCompletions, """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""");
        var withTools = Wire.Parse(GatewayEndpoint.ChatCompletions, $$"""{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"tools":{{tools}}}""");

        Assert.Equal(plain.PromptTokens + TokenCounter.Shared.Count("gpt-4o", tools), withTools.PromptTokens);
    }

    [Fact]
    public void A_non_text_part_counts_the_fixed_amount()
    {
        var text = Wire.Parse(GatewayEndpoint.ChatCompletions, """{"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}]}""");
        var withAudio = Wire.Parse(GatewayEndpoint.ChatCompletions, """{"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"text","text":"hi"},{"type":"input_audio","input_audio":{"data":"AAAA","format":"wav"}}]}]}""");

        Assert.Equal(text.PromptTokens + 2_048, withAudio.PromptTokens);
    }

    [Fact]
    public void Unknown_fields_are_never_an_error()
    {
        var request = Wire.Parse(GatewayEndpoint.Messages, """{"model":"claude-x","max_tokens":5,"messages":[],"brand_new_field":{"deep":[null]}}""");
        Assert.True(request.Body.ContainsKey("brand_new_field"));
    }

    [Fact]
    public void JSON_null_counts_as_an_absent_optional_field()
    {
        var request = Wire.Parse(GatewayEndpoint.ChatCompletions, """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"stream":null,"n":null,"max_tokens":null}""");

        Assert.False(request.Stream);
        Assert.Equal(1, request.Choices);
        Assert.Null(request.MaxOutputTokens);
    }
}
