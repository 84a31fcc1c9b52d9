using Orleans.Concurrency;
using Waterfall.Domain.Plans;

namespace Waterfall.Contracts.Billing;

/// <summary>One rate plan and its versions (key "tenant/plan"). A published version never changes.</summary>
[Alias("wf.IPlanGrain")]
public interface IPlanGrain : IGrainWithStringKey
{
    /// <summary>Writes the draft (a new version after a published one); <paramref name="version"/>, when given, must be the draft's.</summary>
    [Alias("SaveDraft")] Task<Reply<Plan>> SaveDraft(int? version, PlanTerms terms);

    [Alias("Publish")] Task<Reply<Plan>> Publish(int version);

    /// <summary>The plan with all its versions; PLAN_NOT_FOUND when no draft was ever saved.</summary>
    [Alias("Get"), ReadOnly] Task<Reply<Plan>> Get();

    /// <summary>The published version to pin: this one, or the latest when null.</summary>
    [Alias("Subscribable"), ReadOnly] Task<Reply<PlanVersion>> Subscribable(int? version);
}
