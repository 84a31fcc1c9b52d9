using Waterfall.Api.V1;
using Waterfall.Client;
using Waterfall.Contracts.Events;
using Waterfall.Domain.Events;
using Waterfall.TestSupport;
using Xunit;

namespace Waterfall.Events.Tests;

public class WebhookDeliveryTests
{
    private const long Usd = 1_000_000_000;

    [Fact]
    public async Task Fifty_concurrent_debits_across_the_threshold_deliver_one_signed_balance_low_and_a_grant_above_it_one_recovery()
    {
        await using var h = await EventsHarness.StartAsync();
        var sdk = h.Waterfall.Sdk;
        await sdk.CreateWalletAsync("agent-1", policy: new SpendPolicy { LowBalanceThreshold = 5 * Usd });
        await sdk.GrantCreditsAsync("agent-1", Amounts.Nanos(6 * Usd));

        // 6 USD less 50 × 0.05 USD: 3.5 USD, below 5 from the twenty-first debit on.
        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => sdk.DebitAsync("agent-1", Amounts.Nanos(Usd / 20))));
        await Eventually.UntilAsync(() => h.Receiver.OfType(EventTypes.BalanceLow).Any(), "balance_low arrives");

        await sdk.GrantCreditsAsync("agent-1", Amounts.Nanos(2 * Usd));
        await Eventually.UntilAsync(() => h.Receiver.OfType(EventTypes.BalanceRecovered).Any(), "balance_recovered arrives");

        Assert.Single(h.Receiver.OfType(EventTypes.BalanceLow));
        Assert.Single(h.Receiver.OfType(EventTypes.BalanceRecovered));
        Assert.Empty(h.Receiver.Rejected);
        var log = (await h.Delivery.Status()).Log;
        Assert.All(log, a => Assert.True(a.Delivered));
        Console.WriteLine($"delivery latencies (ms): {string.Join(", ", log.Select(a => a.LatencyMs.ToString("F1")))}");
    }

    [Fact]
    public async Task A_receiver_down_for_a_day_gets_every_event_in_order_once_it_is_back()
    {
        await using var h = await EventsHarness.StartAsync();
        var sdk = h.Waterfall.Sdk;
        h.Receiver.Down = true;
        foreach (var wallet in new[] { "w-a", "w-b" })
        {
            await sdk.CreateWalletAsync(wallet, policy: new SpendPolicy { LowBalanceThreshold = 5 * Usd });
            await sdk.GrantCreditsAsync(wallet, Amounts.Nanos(10 * Usd)); // first funding: nothing
            await sdk.DebitAsync(wallet, Amounts.Nanos(6 * Usd)); // low
            await sdk.DebitAsync(wallet, Amounts.Nanos(4 * Usd)); // depleted
            await sdk.GrantCreditsAsync(wallet, Amounts.Nanos(5 * Usd)); // recovered
        }
        await Eventually.UntilAsync(async () => (await h.Delivery.Status()).Attempts, n => n >= 1);

        h.Waterfall.Clock.Advance(TimeSpan.FromDays(1));
        h.Receiver.Down = false;
        await Eventually.UntilAsync(() => h.Receiver.Delivered.Count >= 6, "all six events arrive");

        var delivered = h.Receiver.Delivered.ToList();
        Assert.Equal(6, delivered.Count);
        Assert.Equal(6, delivered.Select(d => d.Id).Distinct().Count());
        Assert.True(delivered.Zip(delivered.Skip(1)).All(p => p.First.Position < p.Second.Position));
        foreach (var wallet in new[] { "w-a", "w-b" })
            Assert.Equal([EventTypes.BalanceLow, EventTypes.Depleted, EventTypes.BalanceRecovered], delivered.Where(d => d.WalletId == wallet).Select(d => d.Type));
        Assert.False((await h.Delivery.Status()).Disabled);
    }

    [Fact]
    public async Task A_receiver_down_for_the_whole_horizon_has_its_endpoint_disabled_and_an_operator_event_says_so()
    {
        await using var h = await EventsHarness.StartAsync(e => e.RetryHorizon = TimeSpan.FromDays(3));
        var sdk = h.Waterfall.Sdk;
        h.Receiver.Down = true;
        await sdk.CreateWalletAsync("w-1");
        await sdk.GrantCreditsAsync("w-1", Amounts.Nanos(Usd));
        await sdk.DebitAsync("w-1", Amounts.Nanos(Usd)); // depleted
        await Eventually.UntilAsync(async () => (await h.Delivery.Status()).Attempts, n => n >= 1);

        h.Waterfall.Clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        var status = await Eventually.UntilAsync(() => h.Delivery.Status(), s => s.Disabled);
        // The delivery stores its decision first, then disables the endpoint and announces it: wait for the announcement.
        var feed = await Eventually.UntilAsync(() => h.Waterfall.Client.GetGrain<IEventFeedGrain>("test").Read(0, 100),
            f => f.Any(e => e.Type == EventTypes.EndpointDisabled));

        var endpoint = Assert.Single(await h.Waterfall.Client.GetGrain<IWebhookEndpointsGrain>("test").List());
        Assert.False(endpoint.Enabled);
        Assert.NotNull(endpoint.DisabledReason);
        Assert.All(status.Log, a => Assert.False(a.Delivered));
        Assert.Contains(feed, e => e.Type == EventTypes.EndpointDisabled && e.Payload.Contains(h.Endpoint.Id, StringComparison.Ordinal));
        Assert.Empty(h.Receiver.Delivered);
    }

    [Fact]
    public async Task A_test_event_is_signed_and_logged_and_a_replay_delivers_again_from_a_position()
    {
        await using var h = await EventsHarness.StartAsync();
        var attempt = await h.Delivery.SendTest(h.Endpoint);
        Assert.True(attempt.Delivered, attempt.Error);
        Assert.Equal(EventTypes.Test, Assert.Single(h.Receiver.Delivered).Type);

        await h.Waterfall.Sdk.CreateWalletAsync("w-r");
        await h.Waterfall.Sdk.GrantCreditsAsync("w-r", Amounts.Nanos(Usd));
        await h.Waterfall.Sdk.DebitAsync("w-r", Amounts.Nanos(Usd));
        await Eventually.UntilAsync(() => h.Receiver.OfType(EventTypes.Depleted).Any(), "depleted arrives");
        var first = h.Receiver.OfType(EventTypes.Depleted).Single();

        await h.Delivery.Replay(h.Endpoint, first.Position);
        await Eventually.UntilAsync(() => h.Receiver.OfType(EventTypes.Depleted).Count() == 2, "the replay arrives");
        Assert.Equal(first.Id, h.Receiver.OfType(EventTypes.Depleted).Last().Id); // the same id: receivers deduplicate on it
    }
}

public class ReferenceSignatureTests
{
    [Fact]
    public async Task Every_delivery_verifies_with_our_check_and_with_the_reference_typescript_library()
    {
        await using var h = await EventsHarness.StartAsync();
        var sdk = h.Waterfall.Sdk;
        await sdk.CreateWalletAsync("w-sig", policy: new SpendPolicy { LowBalanceThreshold = 500_000_000 });
        await sdk.GrantCreditsAsync("w-sig", Amounts.Nanos(1_000_000_000));
        await sdk.DebitAsync("w-sig", Amounts.Nanos(600_000_000)); // low
        await sdk.DebitAsync("w-sig", Amounts.Nanos(400_000_000)); // depleted
        await h.Delivery.SendTest(h.Endpoint);
        await Eventually.UntilAsync(() => h.Receiver.Delivered.Count >= 3, "three deliveries");

        foreach (var delivery in h.Receiver.Delivered)
        {
            var (verified, output) = await ReferenceVerifier.VerifyAsync(h.Endpoint.Secret, delivery.Body, delivery.Headers);
            Assert.True(verified, output);
            Assert.Equal(delivery.Id, output);
        }
        // Deliveries arrive in any order; tamper with one that names the wallet (the test event does not).
        var tampered = h.Receiver.Delivered.First(d => d.Body.Contains("w-sig", StringComparison.Ordinal));
        var changedBody = tampered.Body.Replace("w-sig", "w-sug", StringComparison.Ordinal);
        Assert.NotEqual(tampered.Body, changedBody);
        var (rejected, _) = await ReferenceVerifier.VerifyAsync(h.Endpoint.Secret, changedBody, tampered.Headers);
        Assert.False(rejected); // the check can fail: a changed body does not verify
        Assert.Empty(h.Receiver.Rejected); // our own check (StandardWebhooks .NET) accepted every one as it arrived
    }
}
