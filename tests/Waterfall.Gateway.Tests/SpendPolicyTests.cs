using System.Net;
using System.Text.Json;
using Waterfall.Api.V1;
using Waterfall.Domain.Pricing.Rating;
using static Waterfall.Gateway.Tests.LedgerView;
using LlmUsage = Waterfall.Domain.Pricing.Rating.LlmUsage;

namespace Waterfall.Gateway.Tests;

/// <summary>The wallet's own spend policy governs gateway calls like any debit.</summary>
[Collection("gateway")]
public class SpendPolicyTests(GatewayFixture gateway)
{
    private async Task<HttpResponseMessage> ChatAsync(string wallet, string model, int maxTokens) =>
        await gateway.Http.SendAsync(gateway.Post("v1/chat/completions",
            $$"""{"model":"{{model}}","max_tokens":{{maxTokens}},"messages":[{"role":"user","content":"fake:output={{maxTokens}}"}]}""", await gateway.WalletKeyAsync(wallet)));

    [Fact]
    public async Task A_model_the_wallets_policy_does_not_allow_is_refused_403_and_nothing_is_forwarded()
    {
        var policy = new SpendPolicy();
        policy.AllowedModels.Add("gpt-4o");
        var wallet = await gateway.FundedWalletAsync(1m, policy: policy);
        var forwarded = gateway.Provider.Requests.Count;

        using var response = await ChatAsync(wallet, "gpt-4o-mini", 10);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("model_not_allowed", body.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(forwarded, gateway.Provider.Requests.Count);
    }

    [Fact]
    public async Task A_call_above_the_per_request_cap_is_clamped_to_fit_it_and_charged_no_more()
    {
        // gpt-4o: 1,000 output tokens cost 10,000,000 nano-dollars; the cap allows about 300.
        var wallet = await gateway.FundedWalletAsync(1m, policy: new SpendPolicy { PerRequestCap = 3_000_000 });

        using var response = await ChatAsync(wallet, "gpt-4o", 1000);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var usage = body.RootElement.GetProperty("usage");
        Assert.InRange(usage.GetProperty("completion_tokens").GetInt64(), 16, 299);
        var charge = Assert.Single((await gateway.LedgerAsync(wallet)).Captures()).MoneyCharged();
        Assert.True(charge <= 3_000_000);
        Assert.Equal(Price(new LlmUsage("gpt-4o", InputTokens: usage.GetProperty("prompt_tokens").GetInt64(), OutputTokens: usage.GetProperty("completion_tokens").GetInt64())), charge);
    }

    [Fact]
    public async Task A_spent_daily_budget_refuses_the_next_call_403()
    {
        var wallet = await gateway.FundedWalletAsync(1m, policy: new SpendPolicy { DailyBudget = 200_000 });

        using var first = await ChatAsync(wallet, "gpt-4o", 16);   // about 200,000 nano-dollars at most
        var spent = (await gateway.LedgerAsync(wallet)).Captures().Sum(c => c.MoneyCharged());
        using var second = await ChatAsync(wallet, "gpt-4o", 100);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(spent is > 0 and <= 200_000, $"spent {spent}");
        // What is left of the budget does not pay for the prompt and the smallest output a call may be clamped to.
        Assert.Equal(HttpStatusCode.Forbidden, second.StatusCode);
        Assert.Contains("budget_exceeded", await second.Content.ReadAsStringAsync());
        Assert.Equal(spent, (await gateway.LedgerAsync(wallet)).Captures().Sum(c => c.MoneyCharged()));
    }
}
