using Google.Protobuf.WellKnownTypes;
using Waterfall.Api.V1;
using Waterfall.Client;
using Waterfall.FrontDoor.Auth;

namespace Waterfall.Silo.Tests;

/// <summary>A silo restarted on the same store answers with the same balances, grants, holds and idempotent replies.</summary>
public abstract class RestartContract
{
    private const string Tenant = "restart";
    private const string ApiKey = "restart-admin-key";

    protected abstract Task<IReadOnlyDictionary<string, string>> StoreSettingsAsync();

    [Fact]
    public async Task A_restarted_silo_has_the_same_balances_grants_holds_and_idempotent_answers()
    {
        var settings = new Dictionary<string, string>(await StoreSettingsAsync())
        {
            [$"Waterfall:Tenants:{Tenant}:ApiKeys:0:Name"] = "admin",
            [$"Waterfall:Tenants:{Tenant}:ApiKeys:0:Sha256"] = TenantDirectory.Hash(ApiKey),
            [$"Waterfall:Tenants:{Tenant}:ApiKeys:0:Scope"] = "Admin",
        };
        await using var silo = new SiloProcess(settings);
        await silo.StartAsync();

        Wallet before;
        DebitResponse debit;
        AuthorizeResponse hold;
        using (var client = new WaterfallClient(silo.GrpcAddress, ApiKey))
        {
            await client.CreateWalletAsync("w1", BillingMode.Hybrid, overageLimit: 50_000_000, idempotencyKey: "open");
            await client.GrantCreditsAsync(new GrantCreditsRequest
            {
                WalletId = "w1", IdempotencyKey = "promo", Kind = "promotional", Amount = Amounts.Usd(0.5m),
                ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(30)),
                Scope = new GrantScope { Models = { "gpt-4o" } },
            });
            await client.GrantCreditsAsync("w1", Amounts.Usd(2m), idempotencyKey: "topup");
            await client.GrantCreditsAsync("w1", Amounts.Tokens(5_000), kind: "bonus", idempotencyKey: "tokens");
            debit = await client.DebitAsync("w1", new LlmUsage { Model = "gpt-4o", InputTokens = 9_000, OutputTokens = 2_000 }, idempotencyKey: "call-1");
            hold = await client.AuthorizeAsync("w1", Amounts.Usd(0.25m), TimeSpan.FromHours(1), idempotencyKey: "req-2");
            before = await client.GetWalletAsync("w1");
        }

        await silo.StopAsync();
        await silo.StartAsync();

        using (var client = new WaterfallClient(silo.GrpcAddress, ApiKey))
        {
            var after = await client.GetWalletAsync("w1");
            Assert.Equal(before, after); // sequence, balances, grants (remaining, held) and holds, field for field

            var replay = await client.DebitAsync("w1", new LlmUsage { Model = "gpt-4o", InputTokens = 9_000, OutputTokens = 2_000 }, idempotencyKey: "call-1");
            Assert.True(replay.Replayed);
            Assert.Equal(debit.Sequence, replay.Sequence);
            Assert.Equal(debit.Coverage, replay.Coverage);

            var reused = await Assert.ThrowsAsync<WaterfallException>(() => client.DebitAsync("w1", Amounts.Usd(0.01m), idempotencyKey: "call-1"));
            Assert.Equal("IDEMPOTENCY_KEY_REUSED", reused.Reason);

            var capture = await client.CaptureAsync("w1", hold.HoldId, Amounts.Usd(0.1m), idempotencyKey: "req-2");
            Assert.Equal(100_000_000, capture.Captured.MoneyCost);
            Assert.Equal(150_000_000, capture.Released.Sum(d => d.Amount.Value));
        }
    }
}
