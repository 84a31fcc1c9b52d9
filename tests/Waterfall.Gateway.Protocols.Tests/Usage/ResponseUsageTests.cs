using Waterfall.Domain.Pricing.Rating;
using Waterfall.Gateway.Protocols.Tests.Fixtures;
using Waterfall.Gateway.Protocols.Tests.Support;

namespace Waterfall.Gateway.Protocols.Tests.Usage;

public sealed class ResponseUsageTests
{
    private const string Model = "m";

    [Fact]
    public void Chat_usage_splits_cached_and_audio_prompt_tokens_and_reasoning_and_audio_completion_tokens()
    {
        var usage = ResponseUsage.Read(GatewayEndpoint.ChatCompletions, Wire.Bytes(ChatFixtures.Response), Model);

        Assert.Equal(new LlmUsage(Model, 
            InputTokens: 1117 - 1024 - 13,
            OutputTokens: 46 - 20 - 6,
            CacheReadTokens: 1024,
            ReasoningTokens: 20,
            AudioInputTokens: 13,
            AudioOutputTokens: 6), usage);
        Assert.Equal(1117, usage!.PromptTokens);
        Assert.Equal(46, usage.CompletionTokens);
    }

    [Fact]
    public void DeepSeek_cache_hits_count_as_cache_reads()
    {
        var usage = ResponseUsage.Read(GatewayEndpoint.ChatCompletions, Wire.Bytes("""{"usage":{"prompt_tokens":30,"completion_tokens":12,"prompt_cache_hit_tokens":10,"prompt_cache_miss_tokens":20}}"""), Model);
        Assert.Equal(new LlmUsage(Model, InputTokens: 20, OutputTokens: 12, CacheReadTokens: 10), usage);
    }

    [Fact]
    public void Responses_usage_splits_cached_input_and_reasoning_output()
    {
        var usage = ResponseUsage.Read(GatewayEndpoint.Responses, Wire.Bytes(ResponsesFixtures.Response), Model);
        Assert.Equal(new LlmUsage(Model, InputTokens: 200, OutputTokens: 20, CacheReadTokens: 128, ReasoningTokens: 32), usage);
    }

    [Fact]
    public void Embeddings_usage_is_all_input()
    {
        var usage = ResponseUsage.Read(GatewayEndpoint.Embeddings, Wire.Bytes(EmbeddingsFixtures.Response), Model);
        Assert.Equal(new LlmUsage(Model, InputTokens: 8), usage);
    }

    [Fact]
    public void Anthropic_usage_keeps_input_cache_reads_and_both_cache_write_durations_apart()
    {
        var usage = ResponseUsage.Read(GatewayEndpoint.Messages, Wire.Bytes(MessagesFixtures.Response), Model);
        Assert.Equal(new LlmUsage(Model, InputTokens: 2095, OutputTokens: 503, CacheReadTokens: 1800, CacheWrite5mTokens: 1000, CacheWrite1hTokens: 2000), usage);
    }

    [Fact]
    public void Anthropic_cache_writes_without_a_breakdown_are_five_minute_writes()
    {
        var usage = ResponseUsage.Read(GatewayEndpoint.Messages, Wire.Bytes("""{"usage":{"input_tokens":10,"cache_creation_input_tokens":300,"cache_read_input_tokens":0,"output_tokens":4}}"""), Model);
        Assert.Equal(new LlmUsage(Model, InputTokens: 10, OutputTokens: 4, CacheWrite5mTokens: 300), usage);
    }

    [Theory]
    [InlineData(GatewayEndpoint.ChatCompletions, """{"id":"x","choices":[]}""")]
    [InlineData(GatewayEndpoint.Messages, """{"usage":null}""")]
    [InlineData(GatewayEndpoint.Responses, "not json")]
    [InlineData(GatewayEndpoint.CountTokens, """{"input_tokens":12}""")]
    public void A_body_without_usage_reads_as_null(GatewayEndpoint endpoint, string body) =>
        Assert.Null(ResponseUsage.Read(endpoint, Wire.Bytes(body), Model));

    [Fact]
    public void WithCost_adds_the_exact_decimal_to_usage_and_leaves_every_other_byte()
    {
        var body = Wire.Bytes(ChatFixtures.Response);
        var priced = Wire.Text(ResponseUsage.WithCost(GatewayEndpoint.ChatCompletions, body, 0.000123m));

        Assert.Contains("\"rejected_prediction_tokens\": 0}\n  ,\"cost\":0.000123}", priced.Replace("\r\n", "\n"));
        Assert.Equal(ChatFixtures.Response.Replace("\r\n", "\n"), priced.Replace("\r\n", "\n").Replace(",\"cost\":0.000123", ""));
        Assert.Equal(0.000123m, Wire.Json(Wire.Bytes(priced))["usage"]!["cost"]!.GetValue<decimal>());
    }

    [Theory]
    [InlineData("0.000000001", "0.000000001")]
    [InlineData("12.5000", "12.5")]
    [InlineData("0", "0")]
    [InlineData("0.1234567890123456789", "0.1234567890123456789")]
    public void The_cost_is_written_as_its_exact_digits(string cost, string expected)
    {
        var priced = Wire.Text(ResponseUsage.WithCost(GatewayEndpoint.Embeddings, Wire.Bytes("""{"usage":{"prompt_tokens":8}}"""), decimal.Parse(cost, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("{\"usage\":{\"prompt_tokens\":8,\"cost\":" + expected + "}}", priced);
    }

    [Fact]
    public void WithCost_on_an_empty_usage_object_adds_the_only_field() =>
        Assert.Equal("""{"usage":{"cost":1.5}}""", Wire.Text(ResponseUsage.WithCost(GatewayEndpoint.Responses, Wire.Bytes("""{"usage":{}}"""), 1.5m)));

    [Fact]
    public void WithCost_replaces_a_cost_the_provider_already_sent()
    {
        var priced = Wire.Json(ResponseUsage.WithCost(GatewayEndpoint.ChatCompletions, Wire.Bytes("""{"usage":{"prompt_tokens":1,"cost":9.99}}"""), 0.25m));
        Assert.Equal("""{"prompt_tokens":1,"cost":0.25}""", priced["usage"]!.ToJsonString());
    }

    [Fact]
    public void WithCost_ignores_a_nested_usage_that_is_not_the_bodys()
    {
        var priced = Wire.Text(ResponseUsage.WithCost(GatewayEndpoint.ChatCompletions, Wire.Bytes("""{"meta":{"usage":{"a":1}},"usage":{"b":2}}"""), 2m));
        Assert.Equal("""{"meta":{"usage":{"a":1}},"usage":{"b":2,"cost":2}}""", priced);
    }

    [Fact]
    public void WithCost_leaves_Anthropic_bodies_and_bodies_without_usage_unchanged()
    {
        Assert.Equal(MessagesFixtures.Response, Wire.Text(ResponseUsage.WithCost(GatewayEndpoint.Messages, Wire.Bytes(MessagesFixtures.Response), 1m)));
        Assert.Equal("""{"id":"x"}""", Wire.Text(ResponseUsage.WithCost(GatewayEndpoint.ChatCompletions, Wire.Bytes("""{"id":"x"}"""), 1m)));
    }
}
