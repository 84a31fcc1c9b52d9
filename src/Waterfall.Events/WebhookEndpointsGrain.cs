using System.Security.Cryptography;
using Waterfall.Contracts.Events;
using Waterfall.Grains;

namespace Waterfall.Events;

[GenerateSerializer, Alias("wf.WebhookEndpointsState")]
public sealed class WebhookEndpointsState
{
    [Id(0)] public List<WebhookEndpoint> Endpoints { get; set; } = [];
}

/// <summary>A tenant's endpoints. Holds their configuration only; each endpoint's delivery grain holds its progress.</summary>
internal sealed class WebhookEndpointsGrain(
    [PersistentState("webhook-endpoints")] IPersistentState<WebhookEndpointsState> state,
    WalletClock clock,
    WebhookSecretProtector secrets) : Grain, IWebhookEndpointsGrain
{
    private string Tenant => this.GetPrimaryKeyString();

    /// <summary>Secrets stored before a key was configured are sealed now, so storage keeps none in the clear for long.</summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!secrets.Protects || state.State.Endpoints.All(e => WebhookSecretProtector.IsProtected(e.Secret))) return;
        state.State.Endpoints = state.State.Endpoints.Select(e => e with { Secret = secrets.Protect(e.Id, e.Secret) }).ToList();
        await state.WriteStateAsync(cancellationToken);
    }

    public async Task<WebhookEndpoint> Create(string url, string[] eventTypes, string? secret)
    {
        var endpoint = new WebhookEndpoint($"we_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}", url,
            secret ?? $"whsec_{Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))}", eventTypes, true, clock.Now);
        // Stored and handed to the delivery sealed; only this answer carries the secret in the clear.
        var stored = endpoint with { Secret = secrets.Protect(endpoint.Id, endpoint.Secret) };
        state.State.Endpoints.Add(stored);
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IWebhookDirectoryGrain>(0).Add(Tenant);
        await Delivery(endpoint.Id).Deliver(stored);
        return endpoint;
    }

    public async Task<WebhookEndpoint?> Update(string id, string? url, string[]? eventTypes, bool? enabled)
    {
        var index = state.State.Endpoints.FindIndex(e => e.Id == id);
        if (index < 0) return null;
        var current = state.State.Endpoints[index];
        var updated = current with
        {
            Url = url ?? current.Url,
            EventTypes = eventTypes ?? current.EventTypes,
            Enabled = enabled ?? current.Enabled,
            DisabledReason = enabled == true ? null : current.DisabledReason,
        };
        state.State.Endpoints[index] = updated;
        await state.WriteStateAsync();
        if (updated.Enabled) await Delivery(id).Deliver(updated);
        return updated;
    }

    public async Task<bool> Delete(string id)
    {
        if (state.State.Endpoints.RemoveAll(e => e.Id == id) == 0) return false;
        await state.WriteStateAsync();
        await Delivery(id).Forget();
        return true;
    }

    public Task<WebhookEndpoint[]> List() => Task.FromResult(state.State.Endpoints.ToArray());

    public async Task Notify()
    {
        foreach (var endpoint in state.State.Endpoints.Where(e => e.Enabled))
            await Delivery(endpoint.Id).Deliver(endpoint);
    }

    public async Task Disable(string id, string reason)
    {
        var index = state.State.Endpoints.FindIndex(e => e.Id == id);
        if (index < 0) return;
        state.State.Endpoints[index] = state.State.Endpoints[index] with { Enabled = false, DisabledReason = reason };
        await state.WriteStateAsync();
    }

    private IWebhookDeliveryGrain Delivery(string endpointId) => GrainFactory.GetGrain<IWebhookDeliveryGrain>($"{Tenant}/{endpointId}");
}
