using System.Net;
using Grpc.Core;
using Waterfall.Client;
using Waterfall.FrontDoor.Tests.Http;

namespace Waterfall.FrontDoor.Tests.Security;

/// <summary>A silo with rate limits on: one call a second per key, no burst beyond it.</summary>
public sealed class RateLimitedSiloFixture : SiloFixture
{
    protected override Task ConfigureAsync(Dictionary<string, string?> settings)
    {
        settings["Waterfall:RateLimits:PermitsPerSecond"] = "1";
        settings["Waterfall:RateLimits:Burst"] = "1";
        return Task.CompletedTask;
    }
}

/// <summary>Issue 17: rate limits per API key answer 429 with Retry-After (gRPC: RESOURCE_EXHAUSTED with retry info).</summary>
public class RateLimitTests(RateLimitedSiloFixture silo) : IClassFixture<RateLimitedSiloFixture>
{
    // Requests sent at once: all but the bucket's one token arrive within the same second, however loaded the machine.
    private const int AtOnce = 8;

    [Fact]
    public async Task Over_its_limit_a_key_gets_resource_exhausted_with_a_retry_delay_over_grpc()
    {
        using var client = silo.Client(SiloFixture.ReadKey);

        var calls = Enumerable.Range(0, AtOnce).Select(_ => Capture(() => client.GetWalletAsync("w-none"))).ToArray();
        var errors = await Task.WhenAll(calls);

        var limited = errors.Where(e => e?.StatusCode == StatusCode.ResourceExhausted).ToList();
        Console.WriteLine($"{limited.Count} of {AtOnce} concurrent calls were rate limited");
        Assert.NotEmpty(limited);
        Assert.All(limited, e => Assert.Equal("RATE_LIMITED", e!.Reason));
        Assert.All(limited, e => Assert.True(int.Parse(e!.Metadata["retry_after_seconds"], System.Globalization.CultureInfo.InvariantCulture) >= 1));
        // The others reached the wallet API and were answered (the wallet does not exist).
        Assert.Contains(errors, e => e?.Reason == "WALLET_NOT_FOUND");
    }

    [Fact]
    public async Task Over_its_limit_a_key_gets_429_with_retry_after_over_http_and_other_keys_are_not_affected()
    {
        using var limitedKey = silo.Rest(SiloFixture.MeterKey);
        using var otherKey = silo.Rest(SiloFixture.OtherTenantKey);

        var responses = await Task.WhenAll(Enumerable.Range(0, AtOnce).Select(_ => limitedKey.GetAsync("/v1/wallets/w-none")));
        using var other = await otherKey.GetAsync("/v1/wallets/w-none");

        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Console.WriteLine($"{limited.Count} of {AtOnce} concurrent requests were rate limited");
        Assert.NotEmpty(limited);
        foreach (var response in limited)
        {
            Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
            Assert.Equal("RATE_LIMITED", (await response.Body()).GetProperty("reason").GetString());
        }
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        foreach (var response in responses) response.Dispose();
    }

    private static async Task<WaterfallException?> Capture(Func<Task> call)
    {
        try
        {
            await call();
            return null;
        }
        catch (WaterfallException e)
        {
            return e;
        }
    }
}
