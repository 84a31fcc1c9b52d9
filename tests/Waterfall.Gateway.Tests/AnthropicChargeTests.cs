using Anthropic;
using Anthropic.Models.Messages;
using Waterfall.Domain.Pricing.Rating;
using static Waterfall.Gateway.Tests.LedgerView;

namespace Waterfall.Gateway.Tests;

[Collection("gateway")]
public class AnthropicChargeTests(GatewayFixture gateway)
{
    private const string Model = "claude-sonnet-4-5";
    private const string Prompt = "cached fake:cached=500 fake:cache_write_5m=30 fake:cache_write_1h=70 fake:output=9";

    private static MessageCreateParams Ask(string text, long maxTokens = 256) => new() { Model = Model, MaxTokens = maxTokens, Messages = [new UserMessageParam(text)] };

    [Fact]
    public async Task A_message_is_charged_its_input_cache_reads_both_cache_writes_and_output_at_catalog_rates()
    {
        var wallet = await gateway.FundedWalletAsync(10m);

        var message = await gateway.Anthropic(await gateway.WalletKeyAsync(wallet)).Messages.Create(Ask(Prompt));

        var u = message.Usage;
        var expected = Price(new LlmUsage(Model, InputTokens: u.InputTokens, CacheReadTokens: u.CacheReadInputTokens ?? 0,
            CacheWrite5mTokens: u.CacheCreation!.Ephemeral5mInputTokens, CacheWrite1hTokens: u.CacheCreation.Ephemeral1hInputTokens, OutputTokens: u.OutputTokens));
        Assert.Equal(expected, Assert.Single((await gateway.LedgerAsync(wallet)).Captures()).MoneyCharged());
    }

    [Fact]
    public async Task The_same_message_streamed_costs_what_it_costs_buffered()
    {
        var buffered = await gateway.FundedWalletAsync(10m);
        var streamed = await gateway.FundedWalletAsync(10m);

        await gateway.Anthropic(await gateway.WalletKeyAsync(buffered)).Messages.Create(Ask(Prompt));
        var message = await gateway.Anthropic(await gateway.WalletKeyAsync(streamed)).Messages.CreateStreaming(Ask(Prompt)).Aggregate();

        Assert.Equal(StopReason.EndTurn, message.StopReason!.Value());
        Assert.Equal(
            Assert.Single((await gateway.LedgerAsync(buffered)).Captures()).MoneyCharged(),
            Assert.Single((await gateway.LedgerAsync(streamed)).Captures()).MoneyCharged());
    }

    [Fact]
    public async Task A_stream_the_wallet_cannot_finish_ends_with_stop_reason_max_tokens_and_is_charged_what_it_delivered()
    {
        // Enough for the prompt and a few output tokens of claude-sonnet-4-5 (15 USD per million), not for 200.
        var wallet = await gateway.FundedWalletAsync(0.0005m);

        var message = await gateway.Anthropic(await gateway.WalletKeyAsync(wallet)).Messages.CreateStreaming(Ask("go fake:output=200", maxTokens: 200)).Aggregate();

        Assert.Equal(StopReason.MaxTokens, message.StopReason!.Value());
        // Claude's tokenizer is not public: what the gateway counts (and charges) for a cut stream is its documented estimate.
        var delivered = Waterfall.Gateway.Protocols.TokenCounter.Shared.Count(Model, Assert.IsType<TextBlock>(Assert.Single(message.Content).Value).Text);
        var capture = Assert.Single((await gateway.LedgerAsync(wallet)).Captures());
        Assert.True(delivered is > 0 and < 200, $"delivered {delivered}");
        Assert.Equal(delivered, capture.Attribution.OutputTokens);
        Assert.Equal(Price(new LlmUsage(Model, InputTokens: capture.Attribution.InputTokens, OutputTokens: delivered)), capture.MoneyCharged());
        var view = await gateway.WalletAsync(wallet);
        Assert.Empty(view.Holds);
        Assert.True(view.UsdTotal() >= 0);
    }
}
