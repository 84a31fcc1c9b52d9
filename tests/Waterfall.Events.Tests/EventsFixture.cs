using Waterfall.Contracts.Events;
using Waterfall.Testing;

namespace Waterfall.Events.Tests;

/// <summary>A test cluster with a fast delivery poll and a receiver registered as the tenant's endpoint.</summary>
internal sealed class EventsHarness : IAsyncDisposable
{
    public required WaterfallTestCluster Waterfall { get; init; }
    public required WebhookReceiver Receiver { get; init; }
    public required WebhookEndpoint Endpoint { get; init; }

    public static async Task<EventsHarness> StartAsync(Action<EventsOptions>? events = null, string[]? types = null)
    {
        var waterfall = await WaterfallTestCluster.StartAsync(o => o.Events = e =>
        {
            e.PollInterval = TimeSpan.FromMilliseconds(50);
            events?.Invoke(e);
        });
        var receiver = await WebhookReceiver.StartAsync();
        var endpoint = await waterfall.Client.GetGrain<IWebhookEndpointsGrain>(WaterfallTestCluster.TenantId).Create(receiver.Url, types ?? [], null);
        receiver.Secret = endpoint.Secret;
        return new EventsHarness { Waterfall = waterfall, Receiver = receiver, Endpoint = endpoint };
    }

    public IWebhookDeliveryGrain Delivery => Waterfall.Client.GetGrain<IWebhookDeliveryGrain>($"{WaterfallTestCluster.TenantId}/{Endpoint.Id}");

    public async ValueTask DisposeAsync()
    {
        await Waterfall.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}
