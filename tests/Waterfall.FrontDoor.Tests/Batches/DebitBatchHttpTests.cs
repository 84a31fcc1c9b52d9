using System.Net;
using System.Text.Json;
using Waterfall.Api.V1;
using static Waterfall.FrontDoor.Tests.Batches.BatchKit;

namespace Waterfall.FrontDoor.Tests.Batches;

/// <summary>POST /v1/wallets/debits:batch: the gRPC batch transcoded to JSON, with problem documents for what cannot be read.</summary>
public class DebitBatchHttpTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    [Fact]
    public async Task A_json_batch_answers_one_result_per_debit_in_order()
    {
        var wallet = await silo.FundedWalletAsync(30_000);
        using var http = silo.Http();

        using var response = await http.PostAsync("/v1/wallets/debits:batch", Body($$$$"""
            {"debits": [
              {"wallet_id": "{{{{wallet}}}}", "idempotency_key": "h1", "amount": {"amount": {"value": 20000, "unit": "usd"}}},
              {"wallet_id": "{{{{wallet}}}}", "idempotency_key": "h1", "amount": {"amount": {"value": 20000, "unit": "usd"}}},
              {"walletId": "{{{{wallet}}}}", "idempotencyKey": "h2", "amount": {"amount": {"value": "20000", "unit": "usd"}}},
              {"wallet_id": "{{{{wallet}}}}", "idempotency_key": "h3", "usage": {"model": "gpt-4o", "input_tokens": 1}},
              {"wallet_id": "{{{{wallet}}}}", "idempotency_key": "h4"}
            ]}
            """));
        var results = (await response.JsonAsync()).GetProperty("results").EnumerateArray().ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["accepted", "replayed", "refused", "accepted", "refused"], results.Select(r => r.Outcome()));
        Assert.Equal("INSUFFICIENT_FUNDS", results[2].GetProperty("refused").GetProperty("reason").GetString());
        Assert.Equal("INVALID_ARGUMENT", results[4].GetProperty("refused").GetProperty("reason").GetString());
        Assert.Equal("charge", results[4].GetProperty("refused").GetProperty("fieldViolations")[0].GetProperty("field").GetString());
        Assert.Equal(results[0].GetProperty("accepted").GetProperty("sequence").GetRawText(), results[1].GetProperty("replayed").GetProperty("sequence").GetRawText());
        Assert.Equal(30_000 - 20_000 - 2_500, await silo.UsdTotalAsync(wallet)); // gpt-4o: 1 input token x USD 0.0000025 = 2,500 nano-dollars
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"debits\": [{\"wallet_id\": \"WALLET\", \"idempotency_key\": \"cut\", \"amount\": {\"amount\": {\"value\": 5, \"unit\": \"usd\"}}}, {\"wallet_id\": ")]
    public async Task A_body_that_cannot_be_read_is_a_problem_document_and_debits_nothing(string body)
    {
        var wallet = await silo.FundedWalletAsync(1_000);
        using var http = silo.Http();

        using var response = await http.PostAsync("/v1/wallets/debits:batch", Body(body.Replace("WALLET", wallet, StringComparison.Ordinal)));
        var problem = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("MALFORMED_REQUEST", problem.GetProperty("reason").GetString());
        Assert.Equal(1_000, await silo.UsdTotalAsync(wallet));
    }

    [Fact]
    public async Task A_json_batch_over_the_limit_is_a_BATCH_TOO_LARGE_problem_and_debits_nothing()
    {
        var wallet = await silo.FundedWalletAsync(1_000_000);
        using var http = silo.Http();
        var debits = Enumerable.Range(0, 1_001).Select(i => $$$$"""{"wallet_id": "{{{{wallet}}}}", "idempotency_key": "d{{{{i}}}}", "amount": {"amount": {"value": 1, "unit": "usd"}}}""");

        using var response = await http.PostAsync("/v1/wallets/debits:batch", Body($$$$"""{"debits": [{{{{string.Join(",", debits)}}}}]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BATCH_TOO_LARGE", (await response.JsonAsync()).GetProperty("reason").GetString());
        Assert.Equal(1_000_000, await silo.UsdTotalAsync(wallet));
    }

    [Fact]
    public async Task A_json_batch_without_a_key_is_refused_401()
    {
        using var http = silo.Http(apiKey: null);

        using var response = await http.PostAsync("/v1/wallets/debits:batch", Body("""{"debits": []}"""));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("UNAUTHENTICATED", (await response.JsonAsync()).GetProperty("reason").GetString());
    }
}
