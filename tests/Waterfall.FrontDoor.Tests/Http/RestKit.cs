using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Waterfall.FrontDoor.Tests.Http;

/// <summary>Calling the silo's HTTP/JSON API as a curl user would: a bearer key, JSON in, JSON (or a problem document) out.</summary>
public static class RestKit
{
    public static HttpClient Rest(this SiloFixture silo, string? apiKey = SiloFixture.AdminKey, Version? version = null)
    {
        var http = new HttpClient { BaseAddress = silo.HttpAddress };
        if (version is not null)
        {
            http.DefaultRequestVersion = version;
            http.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }
        if (apiKey is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return http;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>What <c>curl -d</c> sends: the JSON labelled as a form.</summary>
    public static StringContent CurlData(string json) => new(json, Encoding.UTF8, "application/x-www-form-urlencoded");

    public static async Task<JsonElement> Body(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    /// <summary>A wallet created over HTTP and funded with a purchased USD grant.</summary>
    public static async Task<string> FundedWalletAsync(this HttpClient http, long nanos = 1_000_000_000)
    {
        var walletId = $"w-{Guid.NewGuid():N}";
        using var created = await http.PostAsync("/v1/wallets", Json($$"""{"wallet_id": "{{walletId}}", "idempotency_key": "open-{{walletId}}"}"""));
        created.EnsureSuccessStatusCode();
        using var granted = await http.PostAsync($"/v1/wallets/{walletId}/grants", Json($$"""
            {"idempotency_key": "fund-{{walletId}}", "kind": "purchased", "amount": {"value": {{nanos}}, "unit": "usd"}, "cost_basis": "1"}
            """));
        granted.EnsureSuccessStatusCode();
        return walletId;
    }
}
