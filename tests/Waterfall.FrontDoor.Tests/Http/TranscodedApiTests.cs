using System.Net;
using static Waterfall.FrontDoor.Tests.Http.RestKit;

namespace Waterfall.FrontDoor.Tests.Http;

/// <summary>Every gRPC operation over HTTP/JSON on the HTTP port: the same tenant keys, the same answers.</summary>
public class TranscodedApiTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    [Fact]
    public async Task Explore()
    {
        using var http = silo.Rest();
        var walletId = await http.FundedWalletAsync();
        using var debit = await http.PostAsync($"/v1/wallets/{walletId}/debit", CurlData("""
            {
            "customer_id": "cust_8923",
            "amount": 50,
            "strategy": "WATERFALL",
            "idempotency_key": "req_9982"
            }
            """));
        Console.WriteLine($"DEBIT {debit.StatusCode} {await debit.Content.ReadAsStringAsync()}");
        using var got = await http.GetAsync($"/v1/wallets/{walletId}");
        Console.WriteLine($"GET {got.StatusCode} {await got.Content.ReadAsStringAsync()}");
        using var ledger = await http.GetAsync($"/v1/wallets/{walletId}/ledger?page_size=2");
        Console.WriteLine($"LEDGER {ledger.StatusCode} {await ledger.Content.ReadAsStringAsync()}");
        using var missing = await http.GetAsync($"/v1/wallets/nope-{Guid.NewGuid():N}");
        Console.WriteLine($"MISSING {missing.StatusCode} {missing.Content.Headers.ContentType} {await missing.Content.ReadAsStringAsync()}");
        using var poor = await http.PostAsync($"/v1/wallets/{walletId}/debit", Json("""{"idempotency_key": "big", "amount": {"amount": {"value": 999999999999, "unit": "usd"}}}"""));
        Console.WriteLine($"POOR {poor.StatusCode} {await poor.Content.ReadAsStringAsync()}");
        using var badjson = await http.PostAsync($"/v1/wallets/{walletId}/debit", Json("""{"idempotency_key": """));
        Console.WriteLine($"BADJSON {badjson.StatusCode} {await badjson.Content.ReadAsStringAsync()}");
        using var anon = await silo.Rest(null).GetAsync($"/v1/wallets/{walletId}");
        Console.WriteLine($"ANON {anon.StatusCode} {await anon.Content.ReadAsStringAsync()}");
        using var keys = await http.PostAsync($"/v1/wallets/{walletId}/keys", null);
        Console.WriteLine($"KEYS {keys.StatusCode} {await keys.Content.ReadAsStringAsync()}");
        Assert.Equal(HttpStatusCode.OK, debit.StatusCode);
    }
}
