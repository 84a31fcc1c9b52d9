using OpenAI.Chat;
using Waterfall.Domain.Pricing.Rating;
using static Waterfall.Gateway.Tests.LedgerView;

namespace Waterfall.Gateway.Tests;

/// <summary>A provider may report more than the gateway held (its prompt count above the gateway's estimate).</summary>
[Collection("gateway")]
public class UnderestimateTests(GatewayFixture gateway)
{
    // 100,000 cache reads the gateway cannot see in the prompt's text: far more than the hold.
    private const string Prompt = "hidden fake:cached=100000 fake:output=2";

    [Fact]
    public async Task Usage_above_the_hold_is_still_charged_exactly_when_the_wallet_can_pay_it()
    {
        var wallet = await gateway.FundedWalletAsync(1m);
        var chat = gateway.OpenAI(await gateway.WalletKeyAsync(wallet)).GetChatClient("gpt-4o-mini");

        var result = await chat.CompleteChatAsync([new UserChatMessage(Prompt)], new ChatCompletionOptions { MaxOutputTokenCount = 10 });

        var u = result.Value.Usage;
        var expected = Price(new LlmUsage("gpt-4o-mini", InputTokens: u.InputTokenCount - 100_000, CacheReadTokens: 100_000, OutputTokens: u.OutputTokenCount));
        Assert.Equal(expected, Assert.Single((await gateway.LedgerAsync(wallet)).Captures()).MoneyCharged());
        Assert.Empty((await gateway.WalletAsync(wallet)).Holds);
    }

    [Fact]
    public async Task Usage_above_what_a_prepaid_wallet_holds_never_overdraws_it()
    {
        // Enough for the hold (a short prompt and ten output tokens), not for 100,000 cache reads.
        var wallet = await gateway.FundedWalletAsync(0.00002m);
        var chat = gateway.OpenAI(await gateway.WalletKeyAsync(wallet)).GetChatClient("gpt-4o-mini");

        await chat.CompleteChatAsync([new UserChatMessage(Prompt)], new ChatCompletionOptions { MaxOutputTokenCount = 10 });

        var view = await gateway.WalletAsync(wallet);
        Assert.True(view.UsdTotal() >= 0);
        Assert.Empty(view.Holds);
        var capture = Assert.Single((await gateway.LedgerAsync(wallet)).Captures());
        Assert.Equal(20_000 - view.UsdTotal(), capture.MoneyCharged());
        Assert.True(capture.MoneyCharged() > 0);
    }
}
