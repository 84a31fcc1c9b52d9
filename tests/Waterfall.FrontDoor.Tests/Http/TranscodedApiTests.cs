using System.Net;
using System.Text.Json;
using Waterfall.Client;
using static Waterfall.FrontDoor.Tests.Http.RestKit;

namespace Waterfall.FrontDoor.Tests.Http;

/// <summary>Every gRPC operation over HTTP/JSON on the HTTP port: the same tenant keys, the same wallets, the same answers.</summary>
public class TranscodedApiTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    [Fact]
    public async Task The_seeds_debit_works_verbatim_as_curl_sends_it()
    {
        using var http = silo.Rest();
        var walletId = await http.FundedWalletAsync();

        // curl -X POST .../debit -H "Authorization: Bearer ..." -d '{...}': no JSON content type, the seed's body as written.
        using var debit = await http.PostAsync($"/v1/wallets/{walletId}/debit", CurlData("""
            {
            "customer_id": "cust_8923",
            "amount": 50,
            "strategy": "WATERFALL",
            "idempotency_key": "req_9982"
            }
            """));
        var answer = await debit.Body();
        var ledger = await silo.Client().ListLedgerAsync(walletId).ToListAsync();

        Assert.Equal(HttpStatusCode.OK, debit.StatusCode);
        Assert.Equal(50, answer.GetProperty("coverage").GetProperty("moneyCost").GetInt64());
        Assert.Equal(1_000_000_000 - 50, answer.GetProperty("availableAfter")[0].GetProperty("value").GetInt64());
        var debited = Assert.Single(ledger, t => t.Kind == "Debited");
        Assert.Equal("req_9982", debited.IdempotencyKey);
        Assert.Equal("cust_8923", debited.Attribution.CustomerId);
    }

    [Fact]
    public async Task A_repeated_seed_debit_is_replayed_not_charged_twice()
    {
        using var http = silo.Rest();
        var walletId = await http.FundedWalletAsync();
        const string body = """{"customer_id": "c1", "amount": 70, "strategy": "WATERFALL", "idempotency_key": "req-1"}""";

        using var first = await http.PostAsync($"/v1/wallets/{walletId}/debit", CurlData(body));
        using var second = await http.PostAsync($"/v1/wallets/{walletId}/debit", CurlData(body));
        using var wallet = await http.GetAsync($"/v1/wallets/{walletId}");

        Assert.False((await first.Body()).GetProperty("replayed").GetBoolean());
        Assert.True((await second.Body()).GetProperty("replayed").GetBoolean());
        Assert.Equal(1_000_000_000 - 70, (await wallet.Body()).GetProperty("balances")[0].GetProperty("available").GetInt64());
    }

    [Theory]
    [InlineData("""{"amount": 50, "strategy": "FIFO", "idempotency_key": "k1"}""", "strategy")]
    [InlineData("""{"amount": 0.5, "idempotency_key": "k2"}""", "amount")]
    public async Task A_seed_shaped_debit_with_a_wrong_value_is_a_400_with_the_field_and_charges_nothing(string body, string field)
    {
        using var http = silo.Rest();
        var walletId = await http.FundedWalletAsync();

        using var debit = await http.PostAsync($"/v1/wallets/{walletId}/debit", CurlData(body));
        var problem = await debit.Body();
        using var wallet = await http.GetAsync($"/v1/wallets/{walletId}");

        Assert.Equal(HttpStatusCode.BadRequest, debit.StatusCode);
        Assert.Equal("INVALID_ARGUMENT", problem.GetProperty("reason").GetString());
        Assert.Contains(problem.GetProperty("violations").EnumerateArray(), v => v.GetProperty("field").GetString() == field);
        Assert.Equal(1_000_000_000, (await wallet.Body()).GetProperty("balances")[0].GetProperty("available").GetInt64());
    }

    [Fact]
    public async Task Create_grant_get_and_list_the_ledger_over_http()
    {
        using var http = silo.Rest();
        var walletId = $"w-{Guid.NewGuid():N}";

        using var created = await http.PostAsync("/v1/wallets", Json($$"""{"wallet_id": "{{walletId}}", "idempotency_key": "open-1", "customer_id": "acme"}"""));
        using var granted = await http.PostAsync($"/v1/wallets/{walletId}/grants", Json("""
            {"idempotency_key": "g-1", "kind": "promotional", "amount": {"value": 2500000000, "unit": "usd"}, "expires_at": "2099-01-01T00:00:00Z"}
            """));
        using var got = await http.GetAsync($"/v1/wallets/{walletId}");
        using var ledger = await http.GetAsync($"/v1/wallets/{walletId}/ledger?after_sequence=1&page_size=10");

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(walletId, (await created.Body()).GetProperty("walletId").GetString());
        var grantId = (await granted.Body()).GetProperty("grantId").GetString();
        var wallet = await got.Body();
        Assert.Equal("acme", wallet.GetProperty("customerId").GetString());
        var grant = Assert.Single(wallet.GetProperty("grants").EnumerateArray());
        Assert.Equal((grantId, 2_500_000_000L, "2099-01-01T00:00:00Z"),
            (grant.GetProperty("grantId").GetString(), grant.GetProperty("remaining").GetInt64(), grant.GetProperty("expiresAt").GetString()));
        var transactions = (await ledger.Body()).GetProperty("transactions");
        var only = Assert.Single(transactions.EnumerateArray());
        Assert.Equal("CreditsGranted", only.GetProperty("kind").GetString());
        Assert.Equal(0, only.GetProperty("postings").EnumerateArray().Sum(p => p.GetProperty("amount").GetProperty("value").GetInt64()));
    }

    [Fact]
    public async Task Authorize_capture_void_and_extend_holds_over_http()
    {
        using var http = silo.Rest(SiloFixture.AdminKey);
        var walletId = await http.FundedWalletAsync();
        using var meter = silo.Rest(SiloFixture.MeterKey);

        using var authorized = await meter.PostAsync($"/v1/wallets/{walletId}/holds", Json("""
            {"idempotency_key": "h-1", "amount": {"amount": {"value": 400, "unit": "usd"}}, "ttl": "120s"}
            """));
        var holdId = (await authorized.Body()).GetProperty("holdId").GetString();
        using var extended = await meter.PostAsync($"/v1/wallets/{walletId}/holds/{holdId}:extend", Json("""{"idempotency_key": "h-1-x", "ttl": "600s"}"""));
        using var captured = await meter.PostAsync($"/v1/wallets/{walletId}/holds/{holdId}:capture", Json("""
            {"idempotency_key": "h-1-c", "amount": {"amount": {"value": 300, "unit": "usd"}}}
            """));
        using var second = await meter.PostAsync($"/v1/wallets/{walletId}/holds", Json("""{"idempotency_key": "h-2", "amount": {"amount": {"value": 100, "unit": "usd"}}}"""));
        var secondId = (await second.Body()).GetProperty("holdId").GetString();
        using var voided = await meter.PostAsync($"/v1/wallets/{walletId}/holds/{secondId}:void", Json("""{"idempotency_key": "h-2-v"}"""));
        var wallet = await silo.Client().GetWalletAsync(walletId);

        Assert.Equal(HttpStatusCode.OK, authorized.StatusCode);
        Assert.Equal(HttpStatusCode.OK, extended.StatusCode);
        Assert.Equal(300, (await captured.Body()).GetProperty("captured").GetProperty("moneyCost").GetInt64());
        Assert.Equal(HttpStatusCode.OK, voided.StatusCode);
        Assert.Equal(secondId, (await voided.Body()).GetProperty("holdId").GetString());
        Assert.Empty(wallet.Holds);
        Assert.Equal(1_000_000_000 - 300, wallet.Balances.Single().Available);
    }

    [Fact]
    public async Task Quotes_and_models_over_http_match_the_grpc_answers()
    {
        using var http = silo.Rest(SiloFixture.ReadKey);
        var usage = new Api.V1.LlmUsage { Model = "gpt-4o", InputTokens = 1200, OutputTokens = 300 };

        using var quote = await http.PostAsync("/v1/pricing/quote", Json("""{"usage": {"model": "gpt-4o", "input_tokens": 1200, "output_tokens": 300}}"""));
        using var models = await http.GetAsync("/v1/pricing/models?provider=openai&page_size=2");
        var expected = await silo.Client(SiloFixture.ReadKey).QuoteAsync(usage);

        Assert.Equal(expected.CostNanos, (await quote.Body()).GetProperty("costNanos").GetInt64());
        Assert.Equal(expected.ExactCostUsd, (await quote.Body()).GetProperty("exactCostUsd").GetString());
        var page = await models.Body();
        Assert.Equal(2, page.GetProperty("models").GetArrayLength());
        Assert.All(page.GetProperty("models").EnumerateArray(), m => Assert.Equal("openai", m.GetProperty("provider").GetString()));
        Assert.NotEqual("", page.GetProperty("nextPageToken").GetString());
    }

    [Fact]
    public async Task Top_up_operations_are_transcoded_beside_the_x402_endpoints_without_clashing()
    {
        using var http = silo.Rest();
        var walletId = await http.FundedWalletAsync();

        using var requirements = await http.GetAsync($"/v1/wallets/{walletId}/top-ups:requirements?amount.value=5000000000&amount.unit=usd");
        using var status = await http.GetAsync($"/v1/wallets/{walletId}/top-ups/0x{new string('a', 64)}:status");

        // Whatever this silo's x402 configuration, each answer comes from TopUpService, with one of its reasons.
        foreach (var response in new[] { requirements, status })
        {
            Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
            if (response.StatusCode != HttpStatusCode.OK)
                Assert.Contains((await response.Body()).GetProperty("reason").GetString(), new[] { "TOP_UPS_UNAVAILABLE", "TOP_UP_NOT_FOUND", "INVALID_ARGUMENT" });
        }
    }

    [Fact]
    public async Task An_http_1_1_client_is_answered_over_http_1_1()
    {
        using var admin = silo.Rest();
        var walletId = await admin.FundedWalletAsync();
        using var http = silo.Rest(SiloFixture.ReadKey, HttpVersion.Version11);

        using var got = await http.GetAsync($"/v1/wallets/{walletId}");

        Assert.Equal(HttpStatusCode.OK, got.StatusCode);
        Assert.Equal(HttpVersion.Version11, got.Version);
        Assert.Equal(walletId, (await got.Body()).GetProperty("walletId").GetString());
    }

    [Fact]
    public async Task Scopes_apply_over_http_as_over_grpc()
    {
        using var admin = silo.Rest();
        var walletId = await admin.FundedWalletAsync();
        using var reader = silo.Rest(SiloFixture.ReadKey);

        using var read = await reader.GetAsync($"/v1/wallets/{walletId}");
        using var debit = await reader.PostAsync($"/v1/wallets/{walletId}/debit", Json("""{"idempotency_key": "r-1", "amount": 5}"""));

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, debit.StatusCode);
        Assert.Equal("PERMISSION_DENIED", (await debit.Body()).GetProperty("reason").GetString());
        Assert.Equal(1_000_000_000, (await silo.Client().GetWalletAsync(walletId)).Balances.Single().Available);
    }
}
