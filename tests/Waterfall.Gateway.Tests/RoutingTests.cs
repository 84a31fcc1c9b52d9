using System.Net;
using System.Text.Json;
using Anthropic.Models.Messages;
using OpenAI.Chat;
using Waterfall.Domain.Pricing.Rating;
using static Waterfall.Gateway.Tests.LedgerView;

namespace Waterfall.Gateway.Tests;

/// <summary>Where calls go and what the provider receives: routing, rewriting, pass-through.</summary>
[Collection("gateway")]
public class RoutingTests(GatewayFixture gateway)
{
    private string LastBody(string path) => gateway.Provider.Requests.Last(r => r.Path == path).Body;

    [Fact]
    public async Task An_xai_model_is_sent_upstream_without_the_catalogs_prefix_and_charged_at_its_catalog_price()
    {
        var wallet = await gateway.FundedWalletAsync(1m);
        var chat = gateway.OpenAI(await gateway.WalletKeyAsync(wallet)).GetChatClient("xai/grok-3");

        var result = await chat.CompleteChatAsync([new UserChatMessage("fake:output=3")]);

        using var sent = JsonDocument.Parse(LastBody("/v1/chat/completions"));
        Assert.Equal("grok-3", sent.RootElement.GetProperty("model").GetString());
        var capture = Assert.Single((await gateway.LedgerAsync(wallet)).Captures());
        Assert.Equal("xai", capture.Attribution.Provider);
        Assert.Equal(Price(new LlmUsage("xai/grok-3", InputTokens: result.Value.Usage.InputTokenCount, OutputTokens: result.Value.Usage.OutputTokenCount)), capture.MoneyCharged());
    }

    [Fact]
    public async Task Fields_the_gateway_does_not_meter_reach_the_provider_untouched()
    {
        var wallet = await gateway.FundedWalletAsync(1m);

        using var response = await gateway.Http.SendAsync(gateway.Post("v1/chat/completions",
            """{"model":"deepseek-chat","temperature":0.25,"x_vendor_thing":{"a":[1,2]},"messages":[{"role":"user","content":"fake:output=2"}]}""",
            await gateway.WalletKeyAsync(wallet)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var sent = JsonDocument.Parse(LastBody("/v1/chat/completions"));
        Assert.Equal(0.25m, sent.RootElement.GetProperty("temperature").GetDecimal());
        Assert.Equal("""{"a":[1,2]}""", sent.RootElement.GetProperty("x_vendor_thing").GetRawText());
        Assert.Equal("deepseek", Assert.Single((await gateway.LedgerAsync(wallet)).Captures()).Attribution.Provider);
    }

    [Fact]
    public async Task Anthropic_token_counting_is_passed_through_and_charges_nothing()
    {
        var wallet = await gateway.FundedWalletAsync(1m);
        var before = (await gateway.LedgerAsync(wallet)).Count;

        var count = await gateway.Anthropic(await gateway.WalletKeyAsync(wallet)).Messages.CountTokens(new MessageCountTokensParams
        {
            Model = "claude-sonnet-4-5",
            Messages = [new UserMessageParam("How many? fake:cached=10")],
        });

        Assert.True(count.InputTokens > 10);
        Assert.Equal(before, (await gateway.LedgerAsync(wallet)).Count);
    }

    [Fact]
    public async Task A_buffered_call_the_wallet_cannot_afford_in_full_is_sent_with_a_smaller_output_limit_and_charged_exactly()
    {
        // gpt-4o: 10 USD per million output tokens; 500 output tokens would cost 5,000,000 nano-dollars.
        var wallet = await gateway.FundedWalletAsync(0.002m);
        var chat = gateway.OpenAI(await gateway.WalletKeyAsync(wallet)).GetChatClient("gpt-4o");

        var result = await chat.CompleteChatAsync([new UserChatMessage("fake:output=500")], new ChatCompletionOptions { MaxOutputTokenCount = 500 });

        using var sent = JsonDocument.Parse(LastBody("/v1/chat/completions"));
        var limit = sent.RootElement.TryGetProperty("max_completion_tokens", out var l) ? l.GetInt64() : sent.RootElement.GetProperty("max_tokens").GetInt64();
        Assert.InRange(limit, 16, 199);
        Assert.Equal(ChatFinishReason.Length, result.Value.FinishReason);
        var u = result.Value.Usage;
        Assert.Equal(limit, u.OutputTokenCount);
        var capture = Assert.Single((await gateway.LedgerAsync(wallet)).Captures());
        Assert.Equal(Price(new LlmUsage("gpt-4o", InputTokens: u.InputTokenCount, OutputTokens: u.OutputTokenCount)), capture.MoneyCharged());
        Assert.True((await gateway.WalletAsync(wallet)).UsdTotal() >= 0);
    }

    [Fact]
    public async Task A_buffered_call_that_cannot_afford_even_the_minimum_output_is_refused_402_before_anything_is_forwarded()
    {
        var wallet = await gateway.FundedWalletAsync(0.00001m);
        var forwarded = gateway.Provider.Requests.Count;

        using var response = await gateway.Http.SendAsync(gateway.Post("v1/chat/completions",
            """{"model":"gpt-4o","max_tokens":500,"messages":[{"role":"user","content":"hi"}]}""", await gateway.WalletKeyAsync(wallet)));

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("insufficient_funds", body.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(forwarded, gateway.Provider.Requests.Count);
        Assert.Equal(2, (await gateway.LedgerAsync(wallet)).Count);
    }

    [Fact]
    public async Task A_stream_for_a_client_that_did_not_ask_for_usage_hides_the_usage_chunk_and_ends_with_its_cost()
    {
        var wallet = await gateway.FundedWalletAsync(1m);
        var request = gateway.Post("v1/chat/completions",
            """{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"fake:output=3"}]}""", await gateway.WalletKeyAsync(wallet));
        request.Headers.Add("X-Waterfall-Customer", "cust-9");

        using var response = await gateway.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        var requestId = response.Headers.GetValues("X-Waterfall-Request-Id").Single();
        Assert.DoesNotContain("\"usage\":{", text);
        Assert.EndsWith("data: [DONE]", text.TrimEnd());
        var comment = text.Split('\n').Single(line => line.StartsWith(": waterfall ", StringComparison.Ordinal));
        using var cost = JsonDocument.Parse(comment[": waterfall ".Length..]);
        Assert.Equal(requestId, cost.RootElement.GetProperty("request_id").GetString());
        var capture = Assert.Single((await gateway.LedgerAsync(wallet)).Captures());
        Assert.Equal(capture.MoneyCharged() / 1_000_000_000m, decimal.Parse(cost.RootElement.GetProperty("cost").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("cust-9", capture.Attribution.CustomerId);
        // The provider was asked for usage all the same: that is what the charge is from.
        Assert.True(JsonDocument.Parse(LastBody("/v1/chat/completions")).RootElement.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
    }
}
