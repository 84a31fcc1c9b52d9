using Waterfall.Contracts.Events;

namespace Waterfall.Events;

[GenerateSerializer, Alias("wf.WebhookDirectoryState")]
public sealed class WebhookDirectoryState
{
    [Id(0)] public HashSet<string> Tenants { get; set; } = [];
}

internal sealed class WebhookDirectoryGrain([PersistentState("webhook-directory")] IPersistentState<WebhookDirectoryState> state)
    : Grain, IWebhookDirectoryGrain
{
    public async Task Add(string tenantId)
    {
        if (state.State.Tenants.Add(tenantId)) await state.WriteStateAsync();
    }

    public Task<string[]> Tenants() => Task.FromResult(state.State.Tenants.ToArray());
}
