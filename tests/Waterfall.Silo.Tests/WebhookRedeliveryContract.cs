using Waterfall.Api.V1;
using Waterfall.Client;
using Waterfall.Events.Tests;
using Waterfall.FrontDoor.Auth;
using Waterfall.Ledger;
using Waterfall.TestSupport;

namespace Waterfall.Silo.Tests;

/// <summary>
/// Webhooks survive a hard kill: events announced while the receiver refuses them are undelivered when the silo
/// process is SIGKILLed; a new process on the same store delivers every one of them, invents none (the receiver's
/// set is the outbox's), and keeps each wallet's order. Each store's test class supplies the settings and its outbox.
/// </summary>
public abstract class WebhookRedeliveryContract
{
    private const string Tenant = "hooks";
    private const string ApiKey = "hooks-admin-key";
    private const long Usd = 1_000_000_000;

    protected abstract Task<IReadOnlyDictionary<string, string>> StoreSettingsAsync();

    protected abstract Task<IEventOutbox> OpenOutboxAsync();

    [Fact]
    public async Task Events_undelivered_when_the_silo_is_SIGKILLed_are_all_delivered_by_the_next_process_in_wallet_order_and_none_invented()
    {
        var settings = new Dictionary<string, string>(await StoreSettingsAsync())
        {
            [$"Waterfall:Tenants:{Tenant}:ApiKeys:0:Name"] = "admin",
            [$"Waterfall:Tenants:{Tenant}:ApiKeys:0:Sha256"] = TenantDirectory.Hash(ApiKey),
            [$"Waterfall:Tenants:{Tenant}:ApiKeys:0:Scope"] = "Admin",
            // Retries every second or two, so the next process tries again soon after it starts.
            ["Waterfall:Events:FirstRetryDelay"] = "00:00:01",
            ["Waterfall:Events:MaxRetryDelay"] = "00:00:02",
            // The endpoint's secret is sealed in storage: the next process opens it with the same configured key.
            ["Waterfall:Events:SecretKeys:k1"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        };
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Down = true;
        await using var silo = new SiloProcess(settings);
        await silo.StartAsync();
        var wallets = new[] { "hook-a", "hook-b", "hook-c" };
        string endpointId;
        using (var admin = new WaterfallClient(silo.GrpcAddress, ApiKey))
        {
            var endpoint = await admin.CreateWebhookEndpointAsync(receiver.Url);
            (endpointId, receiver.Secret) = (endpoint.EndpointId, endpoint.Secret);
            foreach (var wallet in wallets)
            {
                await admin.CreateWalletAsync(wallet, policy: new SpendPolicy { LowBalanceThreshold = 5 * Usd }, idempotencyKey: $"open-{wallet}");
                for (var round = 0; round < 2; round++)
                {
                    await admin.GrantCreditsAsync(wallet, Amounts.Nanos(10 * Usd), idempotencyKey: $"fund-{wallet}-{round}"); // recovered (from the second round on)
                    await admin.DebitAsync(wallet, Amounts.Nanos(6 * Usd), idempotencyKey: $"low-{wallet}-{round}"); // low
                    await admin.DebitAsync(wallet, Amounts.Nanos(4 * Usd), idempotencyKey: $"empty-{wallet}-{round}"); // depleted
                }
            }
            // The receiver has refused at least one attempt: the delivery is under way, and nothing got through.
            await Eventually.UntilAsync(async () => (await admin.ListWebhookDeliveriesAsync(endpointId)).FailedAttempts, n => n >= 1, TimeSpan.FromSeconds(60));
        }
        Assert.Empty(receiver.Delivered);

        silo.Kill();
        receiver.Down = false;
        await silo.StartAsync();

        // Per wallet: low, depleted, recovered, low, depleted.
        await Eventually.UntilAsync(() => receiver.Delivered.Count >= 5 * wallets.Length, "every announced event arrives", TimeSpan.FromSeconds(90));
        await silo.StopAsync();
        var announced = await (await OpenOutboxAsync()).ReadAsync(Tenant, 0, 1_000);
        Assert.Equal(5 * wallets.Length, announced.Count);

        var delivered = receiver.Delivered.ToList();
        Assert.Empty(receiver.Rejected);
        // Every event, none invented, none twice (nothing was acknowledged before the kill, so nothing needs repeating).
        Assert.Equal(announced.Select(r => r.Event.Id).Order(StringComparer.Ordinal), delivered.Select(d => d.Id).Order(StringComparer.Ordinal));
        foreach (var wallet in wallets)
        {
            var sequences = delivered.Where(d => d.WalletId == wallet).Select(d => d.Sequence).ToList();
            Assert.True(sequences.Zip(sequences.Skip(1)).All(p => p.First <= p.Second), $"{wallet} out of order: {string.Join(", ", sequences)}");
            Assert.Equal(announced.Where(r => r.Event.WalletId == wallet).Select(r => r.Event.Id), delivered.Where(d => d.WalletId == wallet).Select(d => d.Id));
        }
        Assert.True(delivered.Zip(delivered.Skip(1)).All(p => p.First.Position < p.Second.Position), "delivered out of outbox order");
    }
}
