using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Waterfall.Contracts.Events;
using Waterfall.Domain;
using Waterfall.Domain.Events;
using Waterfall.FrontDoor.Auth;
using V1 = Waterfall.Api.V1;

namespace Waterfall.FrontDoor.Events;

/// <summary>Events over gRPC (and HTTP, transcoded): the Watch stream and webhook endpoint management. Admin scope.</summary>
public sealed class EventApi(IGrainFactory grains, TenantDirectory tenants) : V1.EventService.EventServiceBase
{
    private const int PageSize = 200;
    // Streams poll the outbox; an announcement is seen within this (the outbox is the truth, so a poll misses nothing).
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    public override async Task Watch(V1.WatchEventsRequest request, IServerStreamWriter<V1.Event> responseStream, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Admin);
        var violations = new List<FieldViolation>();
        if (request.AfterPosition < 0) violations.Add(new("after_position", "must not be negative"));
        foreach (var type in request.EventTypes.Where(t => !EventTypes.IsKnown(t))) violations.Add(new("event_types", $"'{type}' is not an event type"));
        if (request.WalletId.Length > 0 && !Identifier.IsValid(request.WalletId)) violations.Add(new("wallet_id", "must be 1-128 characters of letters, digits and . _ : -"));
        if (violations.Count > 0) throw RpcErrors.Invalid(violations);

        var feed = grains.GetGrain<IEventFeedGrain>(caller.TenantId);
        var types = request.EventTypes.ToHashSet(StringComparer.Ordinal);
        var cursor = request.AfterPosition;
        while (!context.CancellationToken.IsCancellationRequested)
        {
            var page = await feed.Read(cursor, PageSize);
            foreach (var e in page)
            {
                cursor = e.Position;
                if (types.Count > 0 && !types.Contains(e.Type)) continue;
                if (request.WalletId.Length > 0 && e.WalletId != request.WalletId) continue;
                await responseStream.WriteAsync(Write(e), context.CancellationToken);
            }
            if (page.Length < PageSize)
            {
                try { await Task.Delay(Poll, context.CancellationToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    public override async Task<V1.Endpoint> CreateEndpoint(V1.CreateEndpointRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Admin);
        var violations = new List<FieldViolation>();
        CheckUrl(request.Url, violations);
        CheckTypes(request.EventTypes, violations);
        if (request.Secret.Length > 0 && !IsSecret(request.Secret)) violations.Add(new("secret", "must be whsec_ followed by base64 of at least 24 bytes"));
        if (violations.Count > 0) throw RpcErrors.Invalid(violations);
        var endpoint = await Endpoints(caller).Create(request.Url, [.. request.EventTypes], request.Secret.Length > 0 ? request.Secret : null);
        var answer = Write(endpoint);
        answer.Secret = endpoint.Secret;
        return answer;
    }

    public override async Task<V1.ListEndpointsResponse> ListEndpoints(V1.ListEndpointsRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Admin);
        var response = new V1.ListEndpointsResponse();
        response.Endpoints.AddRange((await Endpoints(caller).List()).Select(Write));
        return response;
    }

    public override async Task<V1.Endpoint> UpdateEndpoint(V1.UpdateEndpointRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Admin);
        var violations = new List<FieldViolation>();
        if (request.HasUrl) CheckUrl(request.Url, violations);
        CheckTypes(request.EventTypes, violations);
        if (violations.Count > 0) throw RpcErrors.Invalid(violations);
        var updated = await Endpoints(caller).Update(request.EndpointId, request.HasUrl ? request.Url : null,
            request.ReplaceEventTypes ? [.. request.EventTypes] : null, request.HasEnabled ? request.Enabled : null);
        return Write(updated ?? throw NotFound(request.EndpointId));
    }

    public override async Task<V1.DeleteEndpointResponse> DeleteEndpoint(V1.DeleteEndpointRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Admin);
        if (!await Endpoints(caller).Delete(request.EndpointId)) throw NotFound(request.EndpointId);
        return new V1.DeleteEndpointResponse();
    }

    public override async Task<V1.ListDeliveriesResponse> ListDeliveries(V1.ListDeliveriesRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Admin);
        var endpoint = await Find(caller, request.EndpointId);
        var status = await Delivery(caller, endpoint.Id).Status();
        var response = new V1.ListDeliveriesResponse
        {
            Cursor = status.Cursor, FailedAttempts = status.Attempts, Disabled = status.Disabled,
            NextAttemptAt = status.NextAttemptAt is { } next ? Timestamp.FromDateTimeOffset(next) : null,
        };
        response.Deliveries.AddRange(status.Log.Reverse().Select(Write));
        return response;
    }

    public override async Task<V1.ReplayEventsResponse> ReplayEvents(V1.ReplayEventsRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Admin);
        if (request.FromPosition < 1) throw RpcErrors.Invalid([new("from_position", "must be a position (1 or more)")]);
        var endpoint = await Find(caller, request.EndpointId);
        await Delivery(caller, endpoint.Id).Replay(endpoint, request.FromPosition);
        return new V1.ReplayEventsResponse();
    }

    public override async Task<V1.Delivery> SendTestEvent(V1.SendTestEventRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Admin);
        var endpoint = await Find(caller, request.EndpointId);
        return Write(await Delivery(caller, endpoint.Id).SendTest(endpoint));
    }

    private IWebhookEndpointsGrain Endpoints(Caller caller) => grains.GetGrain<IWebhookEndpointsGrain>(caller.TenantId);

    private IWebhookDeliveryGrain Delivery(Caller caller, string endpointId) => grains.GetGrain<IWebhookDeliveryGrain>($"{caller.TenantId}/{endpointId}");

    private async Task<WebhookEndpoint> Find(Caller caller, string endpointId) =>
        (await Endpoints(caller).List()).FirstOrDefault(e => e.Id == endpointId) ?? throw NotFound(endpointId);

    private static RpcException NotFound(string endpointId) =>
        RpcErrors.From(Refusal.Of(Reasons.WebhookEndpointNotFound, $"No webhook endpoint '{endpointId}'.", new Dictionary<string, string> { ["endpoint_id"] = endpointId }));

    private static void CheckUrl(string url, List<FieldViolation> violations)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || url.Length > 2048)
            violations.Add(new("url", "must be an absolute http or https URL of at most 2048 characters"));
    }

    private static void CheckTypes(IEnumerable<string> types, List<FieldViolation> violations)
    {
        foreach (var type in types.Where(t => !EventTypes.IsKnown(t))) violations.Add(new("event_types", $"'{type}' is not an event type"));
    }

    private static bool IsSecret(string secret)
    {
        if (!secret.StartsWith("whsec_", StringComparison.Ordinal)) return false;
        var bytes = new byte[secret.Length];
        return Convert.TryFromBase64String(secret["whsec_".Length..], bytes, out var length) && length >= 24;
    }

    private static V1.Event Write(OutboxEvent e) => new()
    {
        Position = e.Position, Id = e.Id, Type = e.Type, At = Timestamp.FromDateTimeOffset(e.At), WalletId = e.WalletId ?? "",
        CustomerId = e.CustomerId ?? "", Sequence = e.Sequence, Index = e.Index, Version = e.Version, PayloadJson = e.Payload,
    };

    private static V1.Endpoint Write(WebhookEndpoint e)
    {
        var endpoint = new V1.Endpoint
        {
            EndpointId = e.Id, Url = e.Url, Enabled = e.Enabled, CreatedAt = Timestamp.FromDateTimeOffset(e.CreatedAt), DisabledReason = e.DisabledReason ?? "",
        };
        endpoint.EventTypes.AddRange(e.EventTypes);
        return endpoint;
    }

    private static V1.Delivery Write(WebhookAttempt a) => new()
    {
        EventId = a.EventId, Type = a.Type, Position = a.Position, Attempt = a.Attempt, At = Timestamp.FromDateTimeOffset(a.At),
        StatusCode = a.StatusCode ?? 0, Error = a.Error ?? "", LatencyMs = a.LatencyMs, Delivered = a.Delivered,
    };
}
