using Waterfall.Contracts;
using Waterfall.Contracts.Billing;
using Waterfall.Domain.Plans;

namespace Waterfall.Grains.Billing;

/// <summary>A rate plan's versions: the domain <see cref="Plan"/> decides, this grain stores what it decided.</summary>
public sealed class PlanGrain(
    [PersistentState("plan")] IPersistentState<StateCell<Plan>> state,
    WalletClock clock,
    KnownModels models) : Grain, IPlanGrain
{
    private Plan Current => state.State.Value ?? Plan.New(BillingGrainKeys.Parse(this.GetPrimaryKeyString()).Id);

    public async Task<Reply<Plan>> SaveDraft(int? version, PlanTerms terms)
    {
        var result = Current.SaveDraft(version, terms, await KnownModels());
        if (result.Refusal is { } refusal) return ContractMapping.Refused<Plan>(refusal);
        await state.Put(result.Plan!);
        // Listed after it is stored; adding a known plan writes nothing.
        await GrainFactory.BillingDirectory(BillingGrainKeys.Parse(this.GetPrimaryKeyString()).TenantId).AddPlan(result.Plan!.Id);
        return new(result.Plan, null, false);
    }

    public async Task<Reply<Plan>> Publish(int version)
    {
        var before = Current;
        var result = before.Publish(version, clock.Now, await KnownModels());
        if (result.Refusal is { } refusal) return ContractMapping.Refused<Plan>(refusal);
        var replayed = ReferenceEquals(result.Plan, before);
        if (!replayed) await state.Put(result.Plan!);
        return new(result.Plan, null, replayed);
    }

    private Task<Func<string, bool>> KnownModels() => models.ForTenant(GrainFactory, BillingGrainKeys.Parse(this.GetPrimaryKeyString()).TenantId);

    public Task<Reply<Plan>> Get() =>
        Task.FromResult(Current is { Exists: true } plan ? new Reply<Plan>(plan, null, false) : ContractMapping.Refused<Plan>(Plan.NotFound(Current.Id)));

    public Task<Reply<PlanVersion>> Subscribable(int? version)
    {
        var found = Current.Subscribable(version);
        return Task.FromResult(found.Refusal is { } refusal ? ContractMapping.Refused<PlanVersion>(refusal) : new Reply<PlanVersion>(found.Version, null, false));
    }
}
