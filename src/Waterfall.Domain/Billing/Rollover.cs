using Waterfall.Domain.Grants;
using Waterfall.Domain.Plans;

namespace Waterfall.Domain.Billing;

/// <summary>
/// A grant of one plan grant's line (the period's grant, or credit rolled into it) that expired at a
/// period boundary with <see cref="Remainder"/> unused. <see cref="Age"/>: how many boundaries its credit
/// has already rolled over (0 for the period's own grant).
/// </summary>
[GenerateSerializer, Immutable, Alias("wf.RolloverSource")]
public sealed record RolloverSource([property: Id(0)] GrantId Grant, [property: Id(1)] long Remainder, [property: Id(2)] int Age);

/// <summary>What became of one source's remainder: <see cref="Carried"/> into the next period, the rest <see cref="Expired"/>.</summary>
public sealed record RolloverSplit(GrantId Grant, long Remainder, long Carried, long Expired, int CarriedAge);

/// <summary>
/// How much of a line's remainders a <see cref="RolloverRule"/> lets into the next period. The cap
/// counts the whole line (all its sources together), the youngest credit goes first, and credit that
/// has rolled <see cref="RolloverRule.MaxPeriods"/> times already expires. Consulted source by source,
/// so a caller can learn each remainder as it goes (the wallet knows them, not the cycle).
/// </summary>
public sealed class RolloverBudget(RolloverRule rule)
{
    private long _left = rule.Kind switch
    {
        RolloverKind.All => long.MaxValue,
        RolloverKind.Capped => Math.Max(0, rule.Cap),
        _ => 0,
    };

    public long Left => _left;

    public bool MayRoll(int age) => rule.Kind != RolloverKind.None && (rule.MaxPeriods <= 0 || age < rule.MaxPeriods);

    /// <summary>The sources in the order they may carry: youngest first, then as given.</summary>
    public IEnumerable<T> Order<T>(IEnumerable<T> sources, Func<T, int> age) => sources.OrderBy(age);

    /// <summary>The most a source of <paramref name="age"/> may carry now.</summary>
    public long MaxCarry(int age) => MayRoll(age) ? _left : 0;

    /// <summary>Books what a source carried against the cap.</summary>
    public void Take(long carried)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(carried);
        if (carried > _left) throw new ArgumentOutOfRangeException(nameof(carried), $"{carried} is more than the {_left} left to roll over.");
        if (_left != long.MaxValue) _left -= carried;
    }

    /// <summary>What one source carries of its remainder.</summary>
    public static long Carry(long remainder, long maxCarry) => Math.Max(0, Math.Min(remainder, maxCarry));
}

public static class Rollover
{
    /// <summary>Splits every source's remainder into carried and expired. Never more than the remainders: rolled + expired = remainder.</summary>
    public static IReadOnlyList<RolloverSplit> Split(RolloverRule rule, IReadOnlyList<RolloverSource> sources)
    {
        var budget = new RolloverBudget(rule);
        var splits = new List<RolloverSplit>(sources.Count);
        foreach (var source in budget.Order(sources, s => s.Age))
        {
            var carried = RolloverBudget.Carry(source.Remainder, budget.MaxCarry(source.Age));
            budget.Take(carried);
            splits.Add(new RolloverSplit(source.Grant, source.Remainder, carried, source.Remainder - carried, source.Age + 1));
        }
        return splits;
    }
}
