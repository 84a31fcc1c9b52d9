using Waterfall.Contracts.Billing;

namespace Waterfall.Grains.Billing;

/// <summary>A tenant's plan and customer ids (key "tenant"). Adding a known id writes nothing.</summary>
public sealed class BillingDirectoryGrain(
    [PersistentState("billing-directory")] IPersistentState<BillingDirectoryState> state) : Grain, IBillingDirectoryGrain
{
    public Task AddPlan(string planId) => Add(state.State.Plans, planId);

    public Task AddCustomer(string customerId) => Add(state.State.Customers, customerId);

    public Task<string[]> Plans() => Task.FromResult(state.State.Plans.Order(StringComparer.Ordinal).ToArray());

    public Task<string[]> Customers() => Task.FromResult(state.State.Customers.Order(StringComparer.Ordinal).ToArray());

    private async Task Add(HashSet<string> ids, string id)
    {
        if (!ids.Add(id)) return;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            ids.Remove(id);
            throw;
        }
    }
}

[GenerateSerializer, Alias("wf.BillingDirectoryState")]
public sealed class BillingDirectoryState
{
    [Id(0)] public HashSet<string> Plans { get; set; } = new(StringComparer.Ordinal);

    [Id(1)] public HashSet<string> Customers { get; set; } = new(StringComparer.Ordinal);
}
