using System.Net;
using System.Text;
using Anthropic;
using Anthropic.Models.Messages;
using Waterfall.FakeProvider.Scripting;
using Waterfall.FakeProvider.Tests.Support;

namespace Waterfall.FakeProvider.Tests;

public class AnthropicMessagesTests(FakeProviderFixture fake) : IClassFixture<FakeProviderFixture>
{
    private const string ModelName = "claude-sonnet-4-5";

    private static MessageCreateParams Ask(string text, long maxTokens = 1024, string? system = null) => new()
    {
        Model = ModelName,
        MaxTokens = maxTokens,
        Messages = [new UserMessageParam(text)],
        System = system is null ? null : new MessageCreateParamsSystem(system, null),
    };

    [Fact]
    public async Task A_message_answers_text_ending_its_turn_with_input_counted_over_system_and_messages()
    {
        const string system = "You are terse.";
        const string prompt = "Tell me about dogs fake:output=6";
        var message = await fake.Anthropic().Messages.Create(Ask(prompt, system: system));

        Assert.Equal(OutputPieces.Text(6), Assert.Single(message.Content).Value is TextBlock text ? text.Text : null);
        Assert.Equal(StopReason.EndTurn, message.StopReason!.Value());
        Assert.Equal(ModelName, message.Model.Raw());
        Assert.Equal(Tokens.O200kCount(system, prompt), message.Usage.InputTokens);
        Assert.Equal(6, message.Usage.OutputTokens);
        Assert.Equal(0, message.Usage.CacheReadInputTokens);
        Assert.Equal(0, message.Usage.CacheCreationInputTokens);
    }

    [Fact]
    public async Task Cache_reads_and_writes_come_on_top_of_input_tokens_with_writes_split_by_lifetime()
    {
        const string prompt = "cached fake:cached=500 fake:cache_write_5m=30 fake:cache_write_1h=70 fake:output=2";
        var message = await fake.Anthropic().Messages.Create(Ask(prompt));

        Assert.Equal(Tokens.O200kCount(prompt), message.Usage.InputTokens);
        Assert.Equal(500, message.Usage.CacheReadInputTokens);
        Assert.Equal(100, message.Usage.CacheCreationInputTokens);
        Assert.Equal(30, message.Usage.CacheCreation!.Ephemeral5mInputTokens);
        Assert.Equal(70, message.Usage.CacheCreation.Ephemeral1hInputTokens);
    }

    [Fact]
    public async Task Max_tokens_stops_the_answer_with_stop_reason_max_tokens()
    {
        var message = await fake.Anthropic().Messages.Create(Ask("fake:output=50", maxTokens: 7));

        Assert.Equal(StopReason.MaxTokens, message.StopReason!.Value());
        Assert.Equal(7, message.Usage.OutputTokens);
    }

    [Fact]
    public async Task A_streamed_message_sends_anthropics_events_one_piece_per_delta_and_the_sdk_accumulates_them()
    {
        const string prompt = "stream fake:output=4 fake:cached=9 fake:cache_write_1h=3";
        var events = new List<RawMessageStreamEvent>();
        await foreach (var e in fake.Anthropic().Messages.CreateStreaming(Ask(prompt))) events.Add(e);

        var start = Assert.IsType<RawMessageStartEvent>(events[0].Value);
        Assert.Equal(Tokens.O200kCount(prompt), start.Message.Usage.InputTokens);
        Assert.Equal(9, start.Message.Usage.CacheReadInputTokens);
        Assert.Equal(3, start.Message.Usage.CacheCreation!.Ephemeral1hInputTokens);
        Assert.IsType<RawContentBlockStartEvent>(events[1].Value);
        var deltas = events.Select(e => e.Value).OfType<RawContentBlockDeltaEvent>().ToList();
        Assert.Equal(Enumerable.Range(0, 4).Select(i => OutputPieces.At(i)), deltas.Select(d => Assert.IsType<TextDelta>(d.Delta.Value).Text));
        Assert.IsType<RawContentBlockStopEvent>(events[^3].Value);
        var delta = Assert.IsType<RawMessageDeltaEvent>(events[^2].Value);
        Assert.Equal(StopReason.EndTurn, delta.Delta.StopReason!.Value());
        Assert.Equal(4, delta.Usage.OutputTokens);
        Assert.IsType<RawMessageStopEvent>(events[^1].Value);

        var message = await fake.Anthropic().Messages.CreateStreaming(Ask(prompt)).Aggregate();
        Assert.Equal(OutputPieces.Text(4), Assert.IsType<TextBlock>(Assert.Single(message.Content).Value).Text);
        Assert.Equal(StopReason.EndTurn, message.StopReason!.Value());
        Assert.Equal(4, message.Usage.OutputTokens);
        Assert.Equal(9, message.Usage.CacheReadInputTokens);
        Assert.Equal(3, message.Usage.CacheCreationInputTokens);
    }

    [Fact]
    public async Task The_stream_is_framed_exactly_as_anthropic_frames_it_with_a_ping_after_the_block_starts()
    {
        using var http = fake.Http();
        using var request = AnthropicRequest("""{"model":"m","max_tokens":2,"stream":true,"messages":[{"role":"user","content":"fake:output=1"}]}""");
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/event-stream; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var blocks = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["message_start", "content_block_start", "ping", "content_block_delta", "content_block_stop", "message_delta", "message_stop"],
            blocks.Select(b => b.Split('\n')[0]["event: ".Length..]));
        Assert.All(blocks, b => Assert.StartsWith("data: {", b.Split('\n')[1], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Count_tokens_reports_the_input_a_message_would_bill_of_every_kind()
    {
        const string prompt = "How many tokens is this? fake:cached=10";
        var count = await fake.Anthropic().Messages.CountTokens(new MessageCountTokensParams
        {
            Model = ModelName,
            Messages = [new UserMessageParam(prompt)],
        });

        Assert.Equal(Tokens.O200kCount(prompt) + 10, count.InputTokens);
    }

    [Fact]
    public async Task A_message_without_max_tokens_is_an_invalid_request()
    {
        using var http = fake.Http();
        using var request = AnthropicRequest("""{"model":"m","messages":[{"role":"user","content":"hi"}]}""");
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"type\":\"invalid_request_error\"", body, StringComparison.Ordinal);
        Assert.Contains("max_tokens", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_without_an_anthropic_version_header_is_an_invalid_request()
    {
        using var http = fake.Http();
        using var request = AnthropicRequest("""{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}""");
        request.Headers.Remove("anthropic-version");
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("anthropic-version", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static HttpRequestMessage AnthropicRequest(string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "v1/messages") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("x-api-key", FakeProviderOptions.DefaultAnthropicKey);
        request.Headers.Add("anthropic-version", "2023-06-01");
        return request;
    }
}
