namespace Waterfall.Contracts.Events;

// The events module's shapes that cross the grain boundary (docs/events.md).

/// <summary>A tenant's webhook endpoint. An empty type list subscribes to every type.</summary>
[GenerateSerializer, Immutable, Alias("wf.WebhookEndpoint")]
public sealed record WebhookEndpoint(
    [property: Id(0)] string Id,
    [property: Id(1)] string Url,
    [property: Id(2)] string Secret,
    [property: Id(3)] string[] EventTypes,
    [property: Id(4)] bool Enabled,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] string? DisabledReason = null)
{
    public bool Wants(string type) => EventTypes.Length == 0 || EventTypes.Contains(type, StringComparer.Ordinal);
}

/// <summary>One delivery attempt of one event to one endpoint: the delivery log's row.</summary>
[GenerateSerializer, Immutable, Alias("wf.WebhookAttempt")]
public sealed record WebhookAttempt(
    [property: Id(0)] string EventId,
    [property: Id(1)] string Type,
    [property: Id(2)] long Position,
    [property: Id(3)] int Attempt,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] int? StatusCode,
    [property: Id(6)] string? Error,
    [property: Id(7)] double LatencyMs,
    [property: Id(8)] bool Delivered);

/// <summary>Where an endpoint's deliveries stand.</summary>
/// <param name="Cursor">The outbox position of the last event delivered (or skipped by the endpoint's filter).</param>
[GenerateSerializer, Immutable, Alias("wf.WebhookDeliveryStatus")]
public sealed record WebhookDeliveryStatus(
    [property: Id(0)] long Cursor,
    [property: Id(1)] int Attempts,
    [property: Id(2)] DateTimeOffset? FailingSince,
    [property: Id(3)] DateTimeOffset? NextAttemptAt,
    [property: Id(4)] bool Disabled,
    [property: Id(5)] WebhookAttempt[] Log);

/// <summary>An announced event with its outbox position, as Watch streams it.</summary>
[GenerateSerializer, Immutable, Alias("wf.OutboxEvent")]
public sealed record OutboxEvent(
    [property: Id(0)] long Position,
    [property: Id(1)] string Id,
    [property: Id(2)] string Type,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string TenantId,
    [property: Id(5)] string? WalletId,
    [property: Id(6)] string? CustomerId,
    [property: Id(7)] long Sequence,
    [property: Id(8)] int Index,
    [property: Id(9)] int Version,
    [property: Id(10)] string Payload);
