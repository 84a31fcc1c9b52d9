using CsCheck;

namespace Waterfall.Gateway.Protocols.Tests.Tokens;

public sealed class TokenCounterTests
{
    private static readonly TokenCounter Counter = TokenCounter.Shared;

    [Theory]
    [InlineData("gpt-4o", TokenEncoding.O200kBase)]
    [InlineData("gpt-4o-mini-2024-07-18", TokenEncoding.O200kBase)]
    [InlineData("chatgpt-4o-latest", TokenEncoding.O200kBase)]
    [InlineData("gpt-4.1-nano", TokenEncoding.O200kBase)]
    [InlineData("gpt-4.5-preview", TokenEncoding.O200kBase)]
    [InlineData("gpt-5-mini", TokenEncoding.O200kBase)]
    [InlineData("o1", TokenEncoding.O200kBase)]
    [InlineData("o3-mini", TokenEncoding.O200kBase)]
    [InlineData("o4-mini", TokenEncoding.O200kBase)]
    [InlineData("openai/gpt-4o", TokenEncoding.O200kBase)]
    [InlineData("GPT-4O", TokenEncoding.O200kBase)]
    [InlineData("gpt-4", TokenEncoding.Cl100kBase)]
    [InlineData("gpt-4-turbo", TokenEncoding.Cl100kBase)]
    [InlineData("gpt-4-0613", TokenEncoding.Cl100kBase)]
    [InlineData("gpt-3.5-turbo", TokenEncoding.Cl100kBase)]
    [InlineData("text-embedding-3-large", TokenEncoding.Cl100kBase)]
    [InlineData("text-embedding-ada-002", TokenEncoding.Cl100kBase)]
    [InlineData("openai/text-embedding-3-small", TokenEncoding.Cl100kBase)]
    [InlineData("claude-sonnet-4-5", TokenEncoding.Estimate)]
    [InlineData("deepseek-chat", TokenEncoding.Estimate)]
    [InlineData("xai/grok-4", TokenEncoding.Estimate)]
    [InlineData("grok-3-mini", TokenEncoding.Estimate)]
    public void The_encoding_is_chosen_by_model_family(string model, TokenEncoding expected) =>
        Assert.Equal(expected, Counter.EncodingFor(model));

    [Theory]
    // cl100k "tiktoken is great!" is OpenAI's cookbook example: [83, 1609, 5963, 374, 2294, 0].
    [InlineData("gpt-4", "tiktoken is great!", 6)]
    [InlineData("gpt-4", "Hello, world!", 4)]
    [InlineData("gpt-4", "こんにちは世界", 4)]
    [InlineData("gpt-4", "Привет, как дела?", 8)]
    [InlineData("gpt-4o", "tiktoken is great!", 6)]
    [InlineData("gpt-4o", "Hello, world!", 4)]
    [InlineData("gpt-4o", "こんにちは世界", 2)]
    [InlineData("gpt-4o", "Привет, как дела?", 6)]
    [InlineData("gpt-4o", "", 0)]
    public void Tiktoken_counts_are_exact(string model, string text, long expected) =>
        Assert.Equal(expected, Counter.Count(model, text));

    [Theory]
    [InlineData("Hello, world!", 5)]      // 4 × 1.25 = 5
    [InlineData("hello world", 3)]        // 2 × 1.25 = 2.5 → 3
    [InlineData("Привет, как дела?", 8)]  // 6 × 1.25 = 7.5 → 8
    [InlineData("The quick brown fox jumps over the lazy dog.", 13)] // 10 × 1.25 = 12.5 → 13
    public void The_estimate_is_the_o200k_count_times_five_quarters_rounded_up(string text, long expected) =>
        Assert.Equal(expected, Counter.Count("claude-sonnet-4-5", text));

    [Fact]
    public void The_estimate_never_falls_below_the_o200k_count() =>
        Gen.String.Sample(text => Counter.Count("deepseek-chat", text) >= Counter.Count("gpt-4o", text));

    [Fact]
    public void A_tally_of_whole_token_deltas_equals_the_tokenizers_count()
    {
        // Each of these is one o200k and one cl100k token, so the deltas split nowhere a tokenizer would not.
        string[] words = [" hello", " world", " the", " hello", " the"];
        foreach (var model in new[] { "gpt-4o", "gpt-4" })
        {
            var tally = Counter.StartTally(model);
            foreach (var word in words) tally.Add(word);
            Assert.Equal(Counter.Count(model, string.Concat(words)), tally.Tokens);
        }
    }

    [Fact]
    public void An_estimated_tally_applies_the_factor_once_to_the_total()
    {
        var tally = Counter.StartTally("claude-haiku-4-5");
        foreach (var word in new[] { " hello", " world", " the", " hello" }) tally.Add(word);

        // Four one-token deltas: ceil(4 × 1.25) = 5, not 4 × ceil(1.25) = 8.
        Assert.Equal(5, tally.Tokens);
        Assert.Equal(TokenEncoding.Estimate, tally.Encoding);
    }

    [Fact]
    public void An_empty_tally_counts_nothing()
    {
        var tally = Counter.StartTally("gpt-4o");
        tally.Add("");
        Assert.Equal(0, tally.Tokens);
    }

    [Fact]
    public void Counting_is_safe_from_many_threads()
    {
        var expected = Counter.Count("gpt-4o", "The quick brown fox jumps over the lazy dog.");
        var counts = new long[64];
        Parallel.For(0, counts.Length, i => counts[i] = Counter.Count("gpt-4o", "The quick brown fox jumps over the lazy dog."));
        Assert.All(counts, c => Assert.Equal(expected, c));
    }
}
