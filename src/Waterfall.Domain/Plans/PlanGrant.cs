namespace Waterfall.Domain.Plans;

[GenerateSerializer, Alias("wf.GrantTiming")]
public enum GrantTiming
{
    /// <summary>Once, when the customer subscribes.</summary>
    OnSubscribe = 0,
    /// <summary>At the start of every billing period, the first one included.</summary>
    EveryPeriod = 1,
}

[GenerateSerializer, Alias("wf.GrantExpiryKind")]
public enum GrantExpiryKind
{
    Never = 0,
    /// <summary>At the end of the billing period it was granted in.</summary>
    EndOfPeriod = 1,
    /// <summary><see cref="GrantExpiry.Days"/> days after it was granted.</summary>
    AfterDays = 2,
}

[GenerateSerializer, Immutable, Alias("wf.GrantExpiry")]
public sealed record GrantExpiry([property: Id(0)] GrantExpiryKind Kind, [property: Id(1)] int Days = 0)
{
    public static readonly GrantExpiry Never = new(GrantExpiryKind.Never);

    public DateTimeOffset? At(DateTimeOffset grantedAt, DateTimeOffset periodEnd) => Kind switch
    {
        GrantExpiryKind.EndOfPeriod => periodEnd,
        GrantExpiryKind.AfterDays => grantedAt.AddDays(Days),
        _ => null,
    };
}

[GenerateSerializer, Alias("wf.RolloverKind")]
public enum RolloverKind
{
    None = 0,
    All = 1,
    /// <summary>At most <see cref="RolloverRule.Cap"/> units carry over.</summary>
    Capped = 2,
}

/// <summary>
/// What of a per-period grant's remainder carries into the next period, for at most
/// <see cref="MaxPeriods"/> periods (0: no limit). Stored with the plan; the billing cycle applies it.
/// </summary>
[GenerateSerializer, Immutable, Alias("wf.RolloverRule")]
public sealed record RolloverRule([property: Id(0)] RolloverKind Kind, [property: Id(1)] long Cap = 0, [property: Id(2)] int MaxPeriods = 0)
{
    public static readonly RolloverRule None = new(RolloverKind.None);
}

/// <summary>What a grant may pay for; empty lists mean "any" (see <see cref="Grants.GrantScope"/>).</summary>
[GenerateSerializer, Immutable, Alias("wf.PlanScope")]
public sealed record PlanScope([property: Id(0)] string[] Metrics, [property: Id(1)] string[] Models, [property: Id(2)] string[] Providers)
{
    public static readonly PlanScope Any = new([], [], []);
}

/// <summary>
/// Credit a plan gives its subscribers' wallets. <see cref="Id"/> names it within the plan, so the
/// grant a subscription receives for it has a key of its own and is never given twice.
/// </summary>
/// <param name="Amount">Nano-dollars for <c>usd</c>, else a count of <paramref name="Unit"/>.</param>
/// <param name="Priority">Burn order (lower first); null takes the kind's default.</param>
/// <param name="CostBasis">USD paid per unit; null: 1 for purchased USD, 0 otherwise.</param>
[GenerateSerializer, Immutable, Alias("wf.PlanGrant")]
public sealed record PlanGrant(
    [property: Id(0)] string Id,
    [property: Id(1)] GrantTiming Timing,
    [property: Id(2)] string Kind,
    [property: Id(3)] string Unit,
    [property: Id(4)] long Amount,
    [property: Id(5)] int? Priority,
    [property: Id(6)] PlanScope Scope,
    [property: Id(7)] GrantExpiry Expiry,
    [property: Id(8)] RolloverRule Rollover,
    [property: Id(9)] decimal? CostBasis = null);
