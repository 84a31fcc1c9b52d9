using Orleans.Concurrency;

namespace Waterfall.Contracts.Events;

/// <summary>A tenant's webhook endpoints (key: tenant id); wakes their deliveries when the outbox has news.</summary>
[Alias("wf.IWebhookEndpointsGrain")]
public interface IWebhookEndpointsGrain : IGrainWithStringKey
{
    /// <summary>Registers an endpoint; a null secret gets a generated one (<c>whsec_…</c>).</summary>
    [Alias("Create")] Task<WebhookEndpoint> Create(string url, string[] eventTypes, string? secret);

    /// <summary>Changes what is given (null keeps it); enabling an endpoint resumes its deliveries where they stopped.</summary>
    [Alias("Update")] Task<WebhookEndpoint?> Update(string id, string? url, string[]? eventTypes, bool? enabled);

    [Alias("Delete")] Task<bool> Delete(string id);

    [Alias("List")] Task<WebhookEndpoint[]> List();

    /// <summary>The tenant's outbox has new events: every enabled endpoint looks.</summary>
    [Alias("Notify"), OneWay] Task Notify();

    /// <summary>An endpoint's deliveries failed for the whole retry horizon.</summary>
    [Alias("Disable")] Task Disable(string id, string reason);
}

/// <summary>Delivers one endpoint's events in outbox order (key: <c>tenant/endpoint</c>).</summary>
[Alias("wf.IWebhookDeliveryGrain")]
public interface IWebhookDeliveryGrain : IGrainWithStringKey
{
    [Alias("Deliver"), OneWay] Task Deliver(WebhookEndpoint endpoint);

    [Alias("Status")] Task<WebhookDeliveryStatus> Status();

    /// <summary>Delivers again every event from the outbox position on (at-least-once: receivers deduplicate on the id).</summary>
    [Alias("Replay")] Task Replay(WebhookEndpoint endpoint, long fromPosition);

    /// <summary>Sends a signed <c>webhook.test</c> event now, outside the outbox, and reports the attempt.</summary>
    [Alias("SendTest")] Task<WebhookAttempt> SendTest(WebhookEndpoint endpoint);

    [Alias("Forget")] Task Forget();
}

/// <summary>Reads a tenant's outbox (key: tenant id), for Watch streams.</summary>
[Alias("wf.IEventFeedGrain")]
public interface IEventFeedGrain : IGrainWithStringKey
{
    [Alias("Read")] Task<OutboxEvent[]> Read(long afterPosition, int limit);
}

/// <summary>The tenants that have webhook endpoints (one grain, key 0), so a starting silo can resume their deliveries.</summary>
[Alias("wf.IWebhookDirectoryGrain")]
public interface IWebhookDirectoryGrain : IGrainWithIntegerKey
{
    [Alias("Add")] Task Add(string tenantId);

    [Alias("Tenants")] Task<string[]> Tenants();
}
