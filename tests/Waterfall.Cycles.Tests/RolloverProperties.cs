using CsCheck;
using Waterfall.Domain.Billing;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Plans;

namespace Waterfall.Cycles.Tests;

public class RolloverProperties
{
    private static readonly Gen<RolloverRule> Rules = Gen.Select(Gen.Int[0, 2], Gen.Long[0, 200_000], Gen.Int[0, 3],
        (kind, cap, max) => new RolloverRule((RolloverKind)kind, kind == 2 ? cap : 0, max));

    private static readonly Gen<RolloverSource[]> Sources = Gen.Select(Gen.Long[0, 150_000], Gen.Int[0, 4])
        .Array[0, 5].Select(a => a.Select((s, i) => new RolloverSource(new GrantId($"g{i}"), s.Item1, s.Item2)).ToArray());

    [Fact]
    public void Rollover_never_creates_credit_rolled_plus_expired_is_the_remainder()
    {
        Gen.Select(Rules, Sources).Sample((rule, sources) =>
        {
            var splits = Rollover.Split(rule, sources);

            Assert.Equal(sources.Length, splits.Count);
            Assert.All(splits, s => Assert.Equal(s.Remainder, s.Carried + s.Expired));
            Assert.All(splits, s => Assert.InRange(s.Carried, 0, s.Remainder));
            Assert.Equal(sources.Sum(s => s.Remainder), splits.Sum(s => s.Carried + s.Expired));
            if (rule.Kind == RolloverKind.None) Assert.All(splits, s => Assert.Equal(0, s.Carried));
            if (rule.Kind == RolloverKind.Capped) Assert.True(splits.Sum(s => s.Carried) <= rule.Cap);
            if (rule.MaxPeriods > 0)
                Assert.All(splits.Where(s => sources.Single(x => x.Grant == s.Grant).Age >= rule.MaxPeriods), s => Assert.Equal(0, s.Carried));
        });
    }

    [Fact]
    public void A_capped_rule_carries_the_youngest_credit_first_up_to_the_cap()
    {
        var rule = new RolloverRule(RolloverKind.Capped, 50_000);
        var splits = Rollover.Split(rule, [new RolloverSource(new GrantId("old"), 30_000, 1), new RolloverSource(new GrantId("new"), 40_000, 0)]);

        Assert.Equal(new RolloverSplit(new GrantId("new"), 40_000, 40_000, 0, 1), splits[0]);
        Assert.Equal(new RolloverSplit(new GrantId("old"), 30_000, 10_000, 20_000, 2), splits[1]);
    }
}
