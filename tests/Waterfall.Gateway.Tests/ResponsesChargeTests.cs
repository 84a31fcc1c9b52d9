using OpenAI.Responses;
using Waterfall.Domain.Pricing.Rating;
using static Waterfall.Gateway.Tests.LedgerView;

namespace Waterfall.Gateway.Tests;

[Collection("gateway")]
public class ResponsesChargeTests(GatewayFixture gateway)
{
    private const string Model = "gpt-4.1";

    private static CreateResponseOptions Ask(string text, bool stream = false, int? maxOutput = null) =>
        new(Model, [ResponseItem.CreateUserMessageItem(text)]) { StreamingEnabled = stream, MaxOutputTokenCount = maxOutput };

    [Fact]
    public async Task A_response_is_charged_its_cached_input_and_reasoning_at_catalog_rates()
    {
        var wallet = await gateway.FundedWalletAsync(10m);
        var responses = gateway.OpenAI(await gateway.WalletKeyAsync(wallet)).GetResponsesClient();

        ResponseResult response = await responses.CreateResponseAsync(Ask("think fake:output=10 fake:cached=64 fake:reasoning=7"));

        var u = response.Usage;
        var expected = Price(new LlmUsage(Model, InputTokens: u.InputTokenCount - 64, CacheReadTokens: 64,
            OutputTokens: u.OutputTokenCount - 7, ReasoningTokens: 7));
        Assert.Equal(expected, Assert.Single((await gateway.LedgerAsync(wallet)).Captures()).MoneyCharged());
    }

    [Fact]
    public async Task A_streamed_response_costs_what_the_same_response_costs_buffered()
    {
        const string prompt = "stream fake:output=12 fake:cached=32 fake:reasoning=3";
        var buffered = await gateway.FundedWalletAsync(10m);
        var streamed = await gateway.FundedWalletAsync(10m);

        await gateway.OpenAI(await gateway.WalletKeyAsync(buffered)).GetResponsesClient().CreateResponseAsync(Ask(prompt));
        StreamingResponseCompletedUpdate? completed = null;
        await foreach (var update in await gateway.OpenAI(await gateway.WalletKeyAsync(streamed)).GetResponsesClient().CreateResponseStreamingAsync(Ask(prompt, stream: true)))
            completed ??= update as StreamingResponseCompletedUpdate;

        Assert.NotNull(completed);
        Assert.Equal(
            Assert.Single((await gateway.LedgerAsync(buffered)).Captures()).MoneyCharged(),
            Assert.Single((await gateway.LedgerAsync(streamed)).Captures()).MoneyCharged());
    }

    [Fact]
    public async Task A_streamed_response_the_wallet_cannot_finish_ends_incomplete_and_is_charged_what_it_delivered()
    {
        // gpt-4.1 output is 8 USD per million: this pays for the prompt and a few slices, not 200 tokens.
        var wallet = await gateway.FundedWalletAsync(0.0003m);
        var responses = gateway.OpenAI(await gateway.WalletKeyAsync(wallet)).GetResponsesClient();

        var delivered = 0;
        StreamingResponseIncompleteUpdate? incomplete = null;
        await foreach (var update in await responses.CreateResponseStreamingAsync(Ask("go fake:output=200", stream: true, maxOutput: 200)))
        {
            if (update is StreamingResponseOutputTextDeltaUpdate) delivered++;
            incomplete ??= update as StreamingResponseIncompleteUpdate;
        }

        Assert.NotNull(incomplete);
        Assert.Equal(ResponseIncompleteStatusReason.MaxOutputTokens, incomplete!.Response.IncompleteStatusDetails.Reason);
        var capture = Assert.Single((await gateway.LedgerAsync(wallet)).Captures());
        Assert.InRange(delivered, 1, 199);
        Assert.Equal(delivered, capture.Attribution.OutputTokens);
        Assert.Equal(Price(new LlmUsage(Model, InputTokens: capture.Attribution.InputTokens, OutputTokens: delivered)), capture.MoneyCharged());
        var view = await gateway.WalletAsync(wallet);
        Assert.Empty(view.Holds);
        Assert.True(view.UsdTotal() >= 0);
    }
}
