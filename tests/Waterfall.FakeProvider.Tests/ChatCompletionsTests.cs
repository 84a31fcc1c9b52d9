using System.Text.Json;
using OpenAI.Chat;
using Waterfall.FakeProvider.Scripting;
using Waterfall.FakeProvider.Tests.Support;

namespace Waterfall.FakeProvider.Tests;

public class ChatCompletionsTests(FakeProviderFixture fake) : IClassFixture<FakeProviderFixture>
{
    private ChatClient Chat => fake.OpenAI().GetChatClient("gpt-4o");

    [Fact]
    public async Task A_chat_completion_answers_the_default_sixteen_pieces_and_stops()
    {
        const string prompt = "Say something about foxes.";
        ChatCompletion completion = await Chat.CompleteChatAsync([new SystemChatMessage("Be brief."), new UserChatMessage(prompt)]);

        Assert.Equal(OutputPieces.Text(16), completion.Content.Single().Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.Equal("gpt-4o", completion.Model);
        Assert.Equal(Tokens.O200kCount("Be brief.", prompt), completion.Usage.InputTokenCount);
        Assert.Equal(16, completion.Usage.OutputTokenCount);
        Assert.Equal(completion.Usage.InputTokenCount + 16, completion.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task Usage_details_count_cached_and_audio_prompt_tokens_and_reasoning_and_audio_output_inside_the_totals()
    {
        const string prompt = "Think hard fake:output=4 fake:cached=100 fake:audio_in=7 fake:reasoning=30 fake:audio_out=5";
        ChatCompletion completion = await Chat.CompleteChatAsync(new UserChatMessage(prompt));

        var usage = completion.Usage;
        Assert.Equal(Tokens.O200kCount(prompt) + 100 + 7, usage.InputTokenCount);
        Assert.Equal(100, usage.InputTokenDetails.CachedTokenCount);
        Assert.Equal(7, usage.InputTokenDetails.AudioTokenCount);
        Assert.Equal(4 + 30 + 5, usage.OutputTokenCount);
        Assert.Equal(30, usage.OutputTokenDetails.ReasoningTokenCount);
        Assert.Equal(5, usage.OutputTokenDetails.AudioTokenCount);
        Assert.Equal(0, usage.OutputTokenDetails.AcceptedPredictionTokenCount);
        Assert.Equal(0, usage.OutputTokenDetails.RejectedPredictionTokenCount);
        Assert.Equal(usage.InputTokenCount + usage.OutputTokenCount, usage.TotalTokenCount);
        Assert.Equal(OutputPieces.Text(4), completion.Content.Single().Text);
    }

    [Fact]
    public async Task Max_completion_tokens_cuts_the_answer_short_with_finish_reason_length()
    {
        ChatCompletion completion = await Chat.CompleteChatAsync(
            [new UserChatMessage("Go on fake:output=40")], new ChatCompletionOptions { MaxOutputTokenCount = 5 });

        Assert.Equal(OutputPieces.Text(5), completion.Content.Single().Text);
        Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
        Assert.Equal(5, completion.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task The_legacy_max_tokens_field_limits_the_answer_too()
    {
        var options = new ChatCompletionOptions();
        options.Patch.Set("$.max_tokens"u8, 3);
        ChatCompletion completion = await Chat.CompleteChatAsync([new UserChatMessage("legacy limit")], options);

        Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
        Assert.Equal(3, completion.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task Reasoning_spends_the_output_limit_before_visible_text_does()
    {
        ChatCompletion completion = await Chat.CompleteChatAsync(
            [new UserChatMessage("fake:reasoning=8 fake:output=10")], new ChatCompletionOptions { MaxOutputTokenCount = 10 });

        Assert.Equal(OutputPieces.Text(2), completion.Content.Single().Text);
        Assert.Equal(10, completion.Usage.OutputTokenCount);
        Assert.Equal(8, completion.Usage.OutputTokenDetails.ReasoningTokenCount);
        Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
    }

    [Fact]
    public async Task Two_choices_are_two_different_answers_and_both_are_billed()
    {
        var options = new ChatCompletionOptions();
        options.Patch.Set("$.n"u8, 2);
        var result = await Chat.CompleteChatAsync([new UserChatMessage("two please fake:output=3")], options);

        using var raw = JsonDocument.Parse(result.GetRawResponse().Content);
        var choices = raw.RootElement.GetProperty("choices").EnumerateArray().ToList();
        Assert.Equal([0, 1], choices.Select(c => c.GetProperty("index").GetInt32()));
        Assert.Equal(OutputPieces.Text(3, offset: 0), choices[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(OutputPieces.Text(3, offset: 1), choices[1].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(6, result.Value.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task A_stream_carries_one_piece_per_content_update_and_usage_only_in_a_final_update_when_asked()
    {
        // The SDK always asks for stream_options.include_usage.
        const string prompt = "Stream it fake:output=6 fake:cached=20 fake:reasoning=3";
        var updates = new List<StreamingChatCompletionUpdate>();
        await foreach (var update in Chat.CompleteChatStreamingAsync(new UserChatMessage(prompt))) updates.Add(update);

        var pieces = updates.SelectMany(u => u.ContentUpdate).Select(p => p.Text).Where(t => t.Length > 0).ToList();
        Assert.Equal(Enumerable.Range(0, 6).Select(i => OutputPieces.At(i)), pieces);
        Assert.Equal(ChatFinishReason.Stop, updates.Single(u => u.FinishReason is not null).FinishReason);
        var withUsage = Assert.Single(updates, u => u.Usage is not null);
        Assert.Same(updates[^1], withUsage);
        Assert.Empty(withUsage.ContentUpdate);
        Assert.Equal(Tokens.O200kCount(prompt) + 20, withUsage.Usage.InputTokenCount);
        Assert.Equal(20, withUsage.Usage.InputTokenDetails.CachedTokenCount);
        Assert.Equal(9, withUsage.Usage.OutputTokenCount);
        Assert.Equal(3, withUsage.Usage.OutputTokenDetails.ReasoningTokenCount);

        var raw = Poll.Request(fake.Server, prompt);
        Assert.Contains("\"include_usage\":true", raw.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_that_did_not_ask_for_usage_gets_none()
    {
        var options = new ChatCompletionOptions();
        options.Patch.Remove("$.stream_options"u8);
        const string prompt = "no usage asked fake:output=2";
        var updates = new List<StreamingChatCompletionUpdate>();
        await foreach (var update in Chat.CompleteChatStreamingAsync([new UserChatMessage(prompt)], options)) updates.Add(update);

        Assert.DoesNotContain("stream_options", Poll.Request(fake.Server, prompt).Body, StringComparison.Ordinal);
        Assert.All(updates, u => Assert.Null(u.Usage));
        Assert.Equal(OutputPieces.Text(2), string.Concat(updates.SelectMany(u => u.ContentUpdate).Select(p => p.Text)));
        Assert.Contains(updates, u => u.FinishReason == ChatFinishReason.Stop);
    }

    [Fact]
    public async Task No_usage_withholds_the_usage_update_even_when_asked()
    {
        var updates = new List<StreamingChatCompletionUpdate>();
        await foreach (var update in Chat.CompleteChatStreamingAsync(new UserChatMessage("fake:no_usage=1 fake:output=2"))) updates.Add(update);

        Assert.All(updates, u => Assert.Null(u.Usage));
        Assert.Contains(updates, u => u.FinishReason == ChatFinishReason.Stop);
    }

    [Fact]
    public async Task A_stream_cut_at_its_limit_finishes_with_length()
    {
        var updates = new List<StreamingChatCompletionUpdate>();
        await foreach (var update in Chat.CompleteChatStreamingAsync([new UserChatMessage("long fake:output=50")],
                           new ChatCompletionOptions { MaxOutputTokenCount = 4 }))
            updates.Add(update);

        Assert.Equal(4, updates.SelectMany(u => u.ContentUpdate).Count(p => p.Text.Length > 0));
        Assert.Contains(updates, u => u.FinishReason == ChatFinishReason.Length);
        Assert.Equal(4, updates[^1].Usage.OutputTokenCount);
    }

    [Fact]
    public async Task Two_streamed_choices_interleave_and_each_finishes()
    {
        var options = new ChatCompletionOptions();
        options.Patch.Set("$.n"u8, 2);
        const string prompt = "two streams fake:output=3";
        var updates = new List<StreamingChatCompletionUpdate>();
        await foreach (var update in Chat.CompleteChatStreamingAsync([new UserChatMessage(prompt)], options)) updates.Add(update);

        Assert.Equal(2, updates.Count(u => u.FinishReason == ChatFinishReason.Stop));
        Assert.Equal(6, updates.SelectMany(u => u.ContentUpdate).Count(p => p.Text.Length > 0));
        Assert.Equal(6, updates[^1].Usage.OutputTokenCount);
    }
}
