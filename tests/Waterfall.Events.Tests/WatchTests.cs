using Waterfall.Api.V1;
using Waterfall.Client;
using Waterfall.Domain.Events;
using Waterfall.TestSupport;
using Xunit;

namespace Waterfall.Events.Tests;

public class WatchTests
{
    private const long Usd = 1_000_000_000;

    private static async Task Deplete(WaterfallClient sdk, string wallet)
    {
        await sdk.CreateWalletAsync(wallet, policy: new SpendPolicy { LowBalanceThreshold = Usd / 2 });
        await sdk.GrantCreditsAsync(wallet, Amounts.Nanos(Usd));
        await sdk.DebitAsync(wallet, Amounts.Nanos(Usd * 6 / 10)); // low
        await sdk.DebitAsync(wallet, Amounts.Nanos(Usd * 4 / 10)); // depleted
    }

    private static async Task<List<Event>> Take(WaterfallClient sdk, long after, int count, string? walletId = null, IEnumerable<string>? types = null)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var taken = new List<Event>();
        await foreach (var e in sdk.WatchEventsAsync(after, types, walletId, stop.Token))
        {
            taken.Add(e);
            if (taken.Count == count) break; // leaving the loop disconnects the stream
        }
        return taken;
    }

    [Fact]
    public async Task Watch_resumed_from_the_last_position_after_a_disconnect_misses_nothing_and_repeats_nothing()
    {
        await using var h = await EventsHarness.StartAsync();
        var sdk = h.Waterfall.Sdk;
        await Deplete(sdk, "w-1");
        await Deplete(sdk, "w-2");

        var first = await Take(sdk, 0, 3); // disconnects after three of four
        var secondTask = Take(sdk, first[^1].Position, 3); // resumes, then waits for what comes next
        await Deplete(sdk, "w-3");
        var second = await secondTask;

        var all = first.Concat(second).ToList();
        Assert.Equal(6, all.Select(e => e.Id).Distinct().Count());
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.Position < p.Second.Position));
        var everything = await Take(sdk, 0, 6);
        Assert.Equal(everything.Select(e => e.Id), all.Select(e => e.Id));
    }

    [Fact]
    public async Task Watch_filters_by_type_and_wallet()
    {
        await using var h = await EventsHarness.StartAsync();
        var sdk = h.Waterfall.Sdk;
        await Deplete(sdk, "w-a");
        await Deplete(sdk, "w-b");

        var depletions = await Take(sdk, 0, 2, types: [EventTypes.Depleted]);
        var ofB = await Take(sdk, 0, 2, walletId: "w-b");

        Assert.Equal(["w-a", "w-b"], depletions.Select(e => e.WalletId));
        Assert.All(depletions, e => Assert.Equal(EventTypes.Depleted, e.Type));
        Assert.Equal([EventTypes.BalanceLow, EventTypes.Depleted], ofB.Select(e => e.Type));
    }

    [Fact]
    public async Task Endpoints_are_managed_over_the_api_and_unknown_types_or_endpoints_are_refused()
    {
        await using var h = await EventsHarness.StartAsync();
        var sdk = h.Waterfall.Sdk;

        var created = await sdk.CreateWebhookEndpointAsync(h.Receiver.Url, [EventTypes.Depleted]);
        Assert.StartsWith("whsec_", created.Secret, StringComparison.Ordinal);
        var refused = await Assert.ThrowsAsync<WaterfallException>(() => sdk.CreateWebhookEndpointAsync(h.Receiver.Url, ["wallet.nope"]));
        Assert.Equal("INVALID_ARGUMENT", refused.Reason);
        var missing = await Assert.ThrowsAsync<WaterfallException>(() => sdk.ListWebhookDeliveriesAsync("we_missing"));
        Assert.Equal(Domain.Reasons.WebhookEndpointNotFound, missing.Reason);

        h.Receiver.Secret = created.Secret; // the receiver now checks against the API-created endpoint's secret
        var test = await sdk.SendTestWebhookEventAsync(created.EndpointId);
        Assert.True(test.Delivered, test.Error);
        Assert.Equal(2, (await sdk.ListWebhookEndpointsAsync()).Endpoints.Count);
        Assert.False((await sdk.SetWebhookEndpointEnabledAsync(created.EndpointId, false)).Enabled);
        Assert.Single((await sdk.ListWebhookDeliveriesAsync(created.EndpointId)).Deliveries);
        await sdk.DeleteWebhookEndpointAsync(created.EndpointId);
        Assert.Single((await sdk.ListWebhookEndpointsAsync()).Endpoints);
    }
}
