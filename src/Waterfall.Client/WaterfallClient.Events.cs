using System.Runtime.CompilerServices;
using Grpc.Core;
using Waterfall.Api.V1;

namespace Waterfall.Client;

// What wallets announce (docs/events.md): a resumable stream, and webhook endpoints (admin).
public sealed partial class WaterfallClient
{
    private EventService.EventServiceClient Events => new(_connection);

    /// <summary>
    /// The tenant's events after <paramref name="afterPosition"/>, then each new one as it is announced. After a
    /// disconnect, call again with the last event's <see cref="Event.Position"/>: nothing is missed or repeated.
    /// </summary>
    public async IAsyncEnumerable<Event> WatchEventsAsync(long afterPosition = 0, IEnumerable<string>? types = null, string? walletId = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = new WatchEventsRequest { AfterPosition = afterPosition, WalletId = walletId ?? "" };
        request.EventTypes.AddRange(types ?? []);
        using var call = Events.Watch(request, new CallOptions(_headers, cancellationToken: cancellationToken));
        IAsyncStreamReader<Event> stream = call.ResponseStream;
        while (true)
        {
            try
            {
                if (!await stream.MoveNext(cancellationToken)) yield break;
            }
            catch (RpcException ex) when (ex.StatusCode != StatusCode.Cancelled)
            {
                throw new WaterfallException(ex);
            }
            yield return stream.Current;
        }
    }

    /// <summary>Registers a webhook endpoint; the answer carries its signing secret (the only time it is shown).</summary>
    public Task<Endpoint> CreateWebhookEndpointAsync(string url, IEnumerable<string>? eventTypes = null, string? secret = null, CancellationToken cancellationToken = default)
    {
        var request = new CreateEndpointRequest { Url = url, Secret = secret ?? "" };
        request.EventTypes.AddRange(eventTypes ?? []);
        return Call((o, r) => Events.CreateEndpointAsync(r, o), request, cancellationToken);
    }

    public Task<ListEndpointsResponse> ListWebhookEndpointsAsync(CancellationToken cancellationToken = default) =>
        Call((o, r) => Events.ListEndpointsAsync(r, o), new ListEndpointsRequest(), cancellationToken);

    public Task<Endpoint> SetWebhookEndpointEnabledAsync(string endpointId, bool enabled, CancellationToken cancellationToken = default) =>
        Call((o, r) => Events.UpdateEndpointAsync(r, o), new UpdateEndpointRequest { EndpointId = endpointId, Enabled = enabled }, cancellationToken);

    public Task<DeleteEndpointResponse> DeleteWebhookEndpointAsync(string endpointId, CancellationToken cancellationToken = default) =>
        Call((o, r) => Events.DeleteEndpointAsync(r, o), new DeleteEndpointRequest { EndpointId = endpointId }, cancellationToken);

    /// <summary>The endpoint's delivery log, newest first, and where its deliveries stand.</summary>
    public Task<ListDeliveriesResponse> ListWebhookDeliveriesAsync(string endpointId, CancellationToken cancellationToken = default) =>
        Call((o, r) => Events.ListDeliveriesAsync(r, o), new ListDeliveriesRequest { EndpointId = endpointId }, cancellationToken);

    public Task<ReplayEventsResponse> ReplayWebhookEventsAsync(string endpointId, long fromPosition, CancellationToken cancellationToken = default) =>
        Call((o, r) => Events.ReplayEventsAsync(r, o), new ReplayEventsRequest { EndpointId = endpointId, FromPosition = fromPosition }, cancellationToken);

    public Task<Delivery> SendTestWebhookEventAsync(string endpointId, CancellationToken cancellationToken = default) =>
        Call((o, r) => Events.SendTestEventAsync(r, o), new SendTestEventRequest { EndpointId = endpointId }, cancellationToken);
}
