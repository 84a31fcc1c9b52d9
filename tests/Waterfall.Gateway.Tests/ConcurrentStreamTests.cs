using System.ClientModel;
using OpenAI.Chat;
using Waterfall.Domain.Pricing.Rating;
using static Waterfall.Gateway.Tests.LedgerView;

namespace Waterfall.Gateway.Tests;

[Collection("gateway")]
public class ConcurrentStreamTests(GatewayFixture gateway)
{
    [Fact]
    public async Task Fifty_concurrent_streams_on_a_wallet_funded_for_ten_never_overdraw_and_each_is_charged_what_it_delivered()
    {
        const string prompt = "Tell a long story fake:output=200";
        // 200 output tokens of gpt-4o-mini cost 120,000 nano-dollars; fund about ten calls.
        var wallet = await gateway.FundedWalletAsync(0.00125m);
        var chat = gateway.OpenAI(await gateway.WalletKeyAsync(wallet)).GetChatClient("gpt-4o-mini");

        var calls = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            var delivered = 0;
            ChatFinishReason? finish = null;
            try
            {
                var stream = chat.CompleteChatStreamingAsync([new UserChatMessage(prompt)], new ChatCompletionOptions { MaxOutputTokenCount = 200 });
                await foreach (var update in stream)
                {
                    delivered += update.ContentUpdate.Count(p => p.Text.Length > 0);
                    finish ??= update.FinishReason;
                }
                return (Delivered: delivered, Finish: finish, Status: 200);
            }
            catch (ClientResultException refused)
            {
                return (Delivered: delivered, Finish: finish, Status: refused.Status);
            }
        }));

        Assert.All(calls, c => Assert.True(c.Status is 200 or 402, $"status {c.Status}"));
        Assert.All(calls.Where(c => c.Status == 200), c => Assert.True(c.Finish is ChatFinishReason.Stop or ChatFinishReason.Length));
        Assert.Contains(calls, c => c.Finish == ChatFinishReason.Stop && c.Delivered == 200);
        Assert.Contains(calls, c => c.Finish == ChatFinishReason.Length);

        var view = await gateway.WalletAsync(wallet);
        Assert.Empty(view.Holds);
        Assert.True(view.UsdTotal() >= 0);
        var captures = (await gateway.LedgerAsync(wallet)).Captures();
        Assert.Equal(1_250_000 - view.UsdTotal(), captures.Sum(c => c.MoneyCharged()));
        // Every capture is the catalog price of exactly the tokens it records, and those are what the clients got.
        Assert.All(captures, c => Assert.Equal(Price(new LlmUsage("gpt-4o-mini", InputTokens: c.Attribution.InputTokens, OutputTokens: c.Attribution.OutputTokens)), c.MoneyCharged()));
        Assert.Equal(
            calls.Where(c => c.Status == 200).Select(c => (long)c.Delivered).Order(),
            captures.Select(c => c.Attribution.OutputTokens).Order());
    }
}
