using System.Text;
using System.Text.Json;
using Waterfall.Api.V1;
using Waterfall.Client;

namespace Waterfall.FrontDoor.Tests.Batches;

/// <summary>What every batch test starts from: funded wallets, debit requests, an HTTP client with a key.</summary>
internal static class BatchKit
{
    public static async Task<string> FundedWalletAsync(this SiloFixture silo, long nanos)
    {
        using var admin = silo.Client();
        var walletId = $"w-{Guid.NewGuid():N}";
        await admin.CreateWalletAsync(walletId);
        if (nanos > 0) await admin.GrantCreditsAsync(walletId, Amounts.Nanos(nanos));
        return walletId;
    }

    public static async Task<long> UsdTotalAsync(this SiloFixture silo, string walletId)
    {
        using var admin = silo.Client();
        return (await admin.GetWalletAsync(walletId)).Balances.Single(b => b.Unit == "usd").Total;
    }

    public static DebitRequest Debit(string walletId, string key, long nanos) =>
        new() { WalletId = walletId, IdempotencyKey = key, Amount = new AmountCharge { Amount = Amounts.Nanos(nanos) } };

    public static DebitRequest Usage(string walletId, string key, string model, long input, long output) =>
        new() { WalletId = walletId, IdempotencyKey = key, Usage = new LlmUsage { Model = model, InputTokens = input, OutputTokens = output } };

    public static HttpClient Http(this SiloFixture silo, string? apiKey = SiloFixture.MeterKey)
    {
        var http = new HttpClient { BaseAddress = silo.HttpAddress };
        if (apiKey is not null) http.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
        return http;
    }

    public static StringContent Body(string json, string mediaType = "application/json") => new(json, Encoding.UTF8, mediaType);

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    /// <summary>"accepted", "replayed" or "refused": which one a JSON result carries.</summary>
    public static string Outcome(this JsonElement result) =>
        new[] { "accepted", "replayed", "refused" }.Single(name => result.TryGetProperty(name, out _));
}
