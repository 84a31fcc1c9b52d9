using System.ClientModel;
using OpenAI.Chat;
using OpenAI.Embeddings;
using Waterfall.Domain.Pricing.Rating;
using static Waterfall.Gateway.Tests.LedgerView;

namespace Waterfall.Gateway.Tests;

[Collection("gateway")]
public class ExactChargeTests(GatewayFixture gateway)
{
    private const decimal Funds = 10m;
    private const long FundsNanos = 10_000_000_000;

    [Fact]
    public async Task A_chat_completion_is_charged_the_catalog_rate_of_every_token_class_the_provider_reports()
    {
        var wallet = await gateway.FundedWalletAsync(Funds);
        var chat = gateway.OpenAI(await gateway.WalletKeyAsync(wallet)).GetChatClient("gpt-4o");

        ClientResult<ChatCompletion> result = await chat.CompleteChatAsync(
            [new UserChatMessage("Think fake:output=12 fake:cached=100 fake:audio_in=7 fake:reasoning=30 fake:audio_out=5")],
            new ChatCompletionOptions { MaxOutputTokenCount = 200 });

        var usage = result.Value.Usage;
        var expected = Price(new LlmUsage("gpt-4o",
            InputTokens: usage.InputTokenCount - 100 - 7, CacheReadTokens: 100, AudioInputTokens: 7,
            OutputTokens: usage.OutputTokenCount - 30 - 5, ReasoningTokens: 30, AudioOutputTokens: 5));
        var capture = Assert.Single((await gateway.LedgerAsync(wallet)).Captures());
        Assert.Equal(expected, capture.MoneyCharged());
        Assert.Equal(FundsNanos - expected, (await gateway.WalletAsync(wallet)).UsdTotal());
        var headers = result.GetRawResponse().Headers;
        Assert.True(headers.TryGetValue("X-Waterfall-Cost", out var cost));
        Assert.Equal(expected / 1_000_000_000m, decimal.Parse(cost!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(headers.TryGetValue("X-Waterfall-Balance", out var balance));
        Assert.Equal((FundsNanos - expected) / 1_000_000_000m, decimal.Parse(balance!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(headers.TryGetValue("X-Waterfall-Request-Id", out var requestId));
        Assert.Equal(requestId, capture.Attribution.RequestId);
    }

    [Fact]
    public async Task The_same_chat_streamed_and_buffered_costs_the_same()
    {
        const string prompt = "Stream it fake:output=20 fake:cached=40 fake:reasoning=6";
        var buffered = await gateway.FundedWalletAsync(Funds);
        var streamed = await gateway.FundedWalletAsync(Funds);

        await gateway.OpenAI(await gateway.WalletKeyAsync(buffered)).GetChatClient("gpt-4o-mini").CompleteChatAsync([new UserChatMessage(prompt)]);
        var text = new System.Text.StringBuilder();
        ChatTokenUsage? usage = null;
        await foreach (var update in gateway.OpenAI(await gateway.WalletKeyAsync(streamed)).GetChatClient("gpt-4o-mini").CompleteChatStreamingAsync([new UserChatMessage(prompt)]))
        {
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
            usage ??= update.Usage;
        }

        var bufferedCharge = Assert.Single((await gateway.LedgerAsync(buffered)).Captures()).MoneyCharged();
        var streamedCharge = Assert.Single((await gateway.LedgerAsync(streamed)).Captures()).MoneyCharged();
        Assert.Equal(bufferedCharge, streamedCharge);
        Assert.NotNull(usage);
        Assert.Equal(Price(new LlmUsage("gpt-4o-mini", InputTokens: usage!.InputTokenCount - 40, CacheReadTokens: 40,
            OutputTokens: usage.OutputTokenCount - 6, ReasoningTokens: 6)), streamedCharge);
        Assert.Equal(20, TokenCount(text.ToString()));
    }

    [Fact]
    public async Task Two_choices_are_held_and_charged_for_both()
    {
        var wallet = await gateway.FundedWalletAsync(Funds);
        var key = await gateway.WalletKeyAsync(wallet);

        using var response = await gateway.Http.SendAsync(gateway.Post("v1/chat/completions",
            """{"model":"gpt-4o-mini","n":2,"max_tokens":8,"messages":[{"role":"user","content":"Twice fake:output=8"}]}""", key));

        response.EnsureSuccessStatusCode();
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(2, body.RootElement.GetProperty("choices").GetArrayLength());
        var usage = body.RootElement.GetProperty("usage");
        Assert.Equal(16, usage.GetProperty("completion_tokens").GetInt64());
        var capture = Assert.Single((await gateway.LedgerAsync(wallet)).Captures());
        var expected = Price(new LlmUsage("gpt-4o-mini", InputTokens: usage.GetProperty("prompt_tokens").GetInt64(), OutputTokens: 16));
        Assert.Equal(expected, capture.MoneyCharged());
        Assert.Equal(expected / 1_000_000_000m, usage.GetProperty("cost").GetDecimal());
    }

    [Fact]
    public async Task Embeddings_are_charged_their_input_tokens()
    {
        var wallet = await gateway.FundedWalletAsync(Funds);
        var embeddings = gateway.OpenAI(await gateway.WalletKeyAsync(wallet)).GetEmbeddingClient("text-embedding-3-small");

        var result = await embeddings.GenerateEmbeddingsAsync(["one text", "another text"]);

        Assert.Equal(2, result.Value.Count);
        var capture = Assert.Single((await gateway.LedgerAsync(wallet)).Captures());
        Assert.Equal(Price(new LlmUsage("text-embedding-3-small", InputTokens: result.Value.Usage.InputTokenCount)), capture.MoneyCharged());
    }

    private static long TokenCount(string text) =>
        Microsoft.ML.Tokenizers.TiktokenTokenizer.CreateForModel("gpt-4o").CountTokens(text);
}
