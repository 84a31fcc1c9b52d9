using System.Net;
using Waterfall.Grains.Tests;
using static Waterfall.FrontDoor.Tests.Http.RestKit;

namespace Waterfall.FrontDoor.Tests.Http;

/// <summary>The refill rule over HTTP/JSON, as the transcoded WalletService offers it.</summary>
public class RefillHttpTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    [Fact]
    public async Task A_rule_put_over_http_refills_an_empty_wallet_on_its_next_debit_and_shows_on_the_wallet()
    {
        using var http = silo.Rest();
        var walletId = await http.FundedWalletAsync(nanos: 1);
        await silo.Grains().StartSubscription("e2e", walletId);
        using var drained = await http.PostAsync($"/v1/wallets/{walletId}/debit", Json("""{"idempotency_key": "drain", "amount": {"amount": {"value": 1, "unit": "usd"}}}"""));
        drained.EnsureSuccessStatusCode();

        using var put = await http.PutAsync($"/v1/wallets/{walletId}/refill-rule", Json("""
            {"idempotency_key": "rule-1", "rule": {"threshold": 1000000000, "mode": "REFILL_MODE_FIXED", "amount": 5000000000, "monthly_cap": 50000000000}}
            """));
        using var debit = await http.PostAsync($"/v1/wallets/{walletId}/debit", Json("""{"idempotency_key": "d1", "amount": {"amount": {"value": 2000000000, "unit": "usd"}}}"""));
        var wallet = await (await http.GetAsync($"/v1/wallets/{walletId}")).Body();

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.True((await put.Body()).GetProperty("refill").GetProperty("enabled").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, debit.StatusCode);
        var refill = wallet.GetProperty("refill");
        Assert.Equal(1, refill.GetProperty("refills").GetInt32());
        Assert.Equal(5_000_000_000, refill.GetProperty("refilledThisMonth").GetInt64());
        Assert.Equal(45_000_000_000, refill.GetProperty("capLeft").GetInt64());
    }

    [Fact]
    public async Task An_invoice_rule_on_a_wallet_no_subscription_bills_is_a_409_refill_not_billable_and_sets_no_rule()
    {
        using var http = silo.Rest();
        var walletId = await http.FundedWalletAsync();

        using var put = await PutRuleAsync(http, walletId, """{"threshold": 1000000000, "mode": "REFILL_MODE_FIXED", "amount": 5000000000, "monthly_cap": 50000000000}""");
        var problem = await put.Body();
        var wallet = await (await http.GetAsync($"/v1/wallets/{walletId}")).Body();

        Assert.Equal(HttpStatusCode.Conflict, put.StatusCode);
        Assert.Equal("REFILL_NOT_BILLABLE", problem.GetProperty("reason").GetString());
        Assert.Contains("subscribe the wallet to a plan", problem.ToString(), StringComparison.Ordinal);
        Assert.False(wallet.TryGetProperty("refill", out var refill) && refill.ValueKind == System.Text.Json.JsonValueKind.Object
            && refill.TryGetProperty("rule", out var rule) && rule.ValueKind == System.Text.Json.JsonValueKind.Object, wallet.ToString());
    }

    [Fact]
    public async Task A_rule_with_a_bad_field_is_a_400_problem_naming_the_field()
    {
        using var http = silo.Rest();
        var walletId = await http.FundedWalletAsync();

        using var put = await PutRuleAsync(http, walletId, """{"threshold": 1000, "mode": "REFILL_MODE_TARGET", "amount": 500, "monthly_cap": 5000}""");
        var problem = await put.Body();

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Contains("rule.amount", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_usdc_allowance_rule_over_http_needs_a_permit_and_a_service_that_can_pull_with_it()
    {
        using var http = silo.Rest();
        var walletId = await http.FundedWalletAsync();

        using var withoutPermit = await http.PutAsync($"/v1/wallets/{walletId}/refill-rule", Json("""
            {"idempotency_key": "rule-1", "rule": {"threshold": 1000000000, "mode": "REFILL_MODE_FIXED", "amount": 5000000000,
              "monthly_cap": 50000000000, "funding": "REFILL_FUNDING_USDC_ALLOWANCE"}}
            """));
        using var withPermit = await http.PutAsync($"/v1/wallets/{walletId}/refill-rule", Json("""
            {"idempotency_key": "rule-2", "rule": {"threshold": 1000000000, "mode": "REFILL_MODE_FIXED", "amount": 5000000000,
              "monthly_cap": 50000000000, "funding": "REFILL_FUNDING_USDC_ALLOWANCE",
              "allowance": {"network": "eip155:84532", "owner": "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
                "spender": "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", "cap": 50000000, "deadline": 4102444800,
                "signature": "0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1b"}}}
            """));

        Assert.Equal(HttpStatusCode.BadRequest, withoutPermit.StatusCode);
        Assert.Contains("rule.allowance", (await withoutPermit.Body()).ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, withPermit.StatusCode);
        // This silo has no settlement account, so it refuses a rule it could not pull for.
        var problem = (await withPermit.Body()).ToString();
        Assert.Contains("rule.funding", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("rule.allowance", problem, StringComparison.Ordinal);
    }

    /// <summary>PUT a refill rule under the key <c>rule-1</c>.</summary>
    private static Task<HttpResponseMessage> PutRuleAsync(HttpClient http, string walletId, string rule) =>
        http.PutAsync($"/v1/wallets/{walletId}/refill-rule", Json($$"""{"idempotency_key": "rule-1", "rule": {{rule}}}"""));
}
