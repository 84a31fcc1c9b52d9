using Waterfall.Domain.Money;

namespace Waterfall.Domain.Refills;

/// <summary>
/// A wallet's refill rule and where it stands: shown on the wallet, stored in its snapshot.
/// The month's usage outlives the rule: clearing and setting a rule again within a month does not reset the cap.
/// </summary>
/// <param name="RuleSequence">The wallet sequence at which the rule was set (it names the rule in a refill's grant source).</param>
/// <param name="DisabledReason">Why a failing refill disabled the rule; null while it is enabled.</param>
/// <param name="Armed">True until a refill has answered the current fall below the threshold; set again once the balance is back at or above it.</param>
/// <param name="Month">The calendar month (UTC, year * 12 + month) <paramref name="RefilledThisMonth"/> counts.</param>
/// <param name="Refills">How many refills the wallet has had, ever; the next one is number <c>Refills + 1</c>.</param>
[GenerateSerializer, Immutable, Alias("wf.RefillState")]
public sealed record RefillState(
    [property: Id(0)] RefillRule? Rule,
    [property: Id(1)] long RuleSequence,
    [property: Id(2)] bool Enabled,
    [property: Id(3)] string? DisabledReason,
    [property: Id(4)] DateTimeOffset? DisabledAt,
    [property: Id(5)] bool Armed,
    [property: Id(6)] int Month,
    [property: Id(7)] long RefilledThisMonth,
    [property: Id(8)] int Refills,
    [property: Id(9)] DateTimeOffset? LastRefillAt)
{
    public static readonly RefillState None = new(null, 0, false, null, null, false, 0, 0, 0, null);

    public static int MonthOf(DateTimeOffset at) => at.UtcDateTime.Year * 12 + at.UtcDateTime.Month;

    /// <summary>What refills added in the calendar month of <paramref name="now"/>.</summary>
    public long RefilledInMonthOf(DateTimeOffset now) => MonthOf(now) == Month ? RefilledThisMonth : 0;

    /// <summary>What the monthly cap still allows in the month of <paramref name="now"/> (0 without a rule).</summary>
    public long CapLeft(DateTimeOffset now) => Rule is { } rule ? Math.Max(0, rule.MonthlyCap - RefilledInMonthOf(now)) : 0;

    /// <summary>What a refill would add now to a wallet with <paramref name="balance"/> spendable: the rule's amount within the cap; 0 when none is due.</summary>
    /// <remarks>
    /// Pulled from a USDC allowance, a refill is whole USDC units (rounded down) and never more than the permit's cap
    /// has left: a pull beyond what the payer allowed would only fail on chain.
    /// </remarks>
    public long Plan(long balance, DateTimeOffset now)
    {
        if (Rule is not { } rule || !Enabled) return 0;
        var amount = Math.Min(rule.Wanted(balance), CapLeft(now));
        if (rule is { Funding: RefillFunding.UsdcAllowance, Allowance: { } allowance })
            amount = NanoDollars.FromUsdcAtomicUnits(allowance.PullFor(amount, now));
        return amount;
    }

    /// <summary>The state as seen at <paramref name="now"/>: the month's usage is that of now's month (0 in a month without refills).</summary>
    public RefillState AsOf(DateTimeOffset now) => this with { Month = MonthOf(now), RefilledThisMonth = RefilledInMonthOf(now) };

    internal RefillState WithRule(RefillRule rule, long sequence) =>
        this with { Rule = rule, RuleSequence = sequence, Enabled = true, DisabledReason = null, DisabledAt = null, Armed = true };

    internal RefillState Cleared() =>
        this with { Rule = null, RuleSequence = 0, Enabled = false, DisabledReason = null, DisabledAt = null, Armed = false };

    internal RefillState Disabled(string reason, DateTimeOffset at) =>
        this with { Enabled = false, DisabledReason = reason, DisabledAt = at };

    internal RefillState AfterRefill(long amount, DateTimeOffset at)
    {
        var month = MonthOf(at);
        return this with
        {
            // The first pull carries the permit: from then on the allowance stands on its own, whatever its deadline.
            Rule = Rule is { Funding: RefillFunding.UsdcAllowance, Allowance: { } allowance } rule
                ? rule with { Allowance = allowance.Pull(amount / NanoDollars.PerUsdcAtomicUnit).Submitted() }
                : Rule,
            Month = month,
            RefilledThisMonth = checked((month == Month ? RefilledThisMonth : 0) + amount),
            Refills = Refills + 1,
            LastRefillAt = at,
            Armed = false,
        };
    }

    /// <summary>A pull of the rule set at <paramref name="ruleSequence"/> failed and was reversed: its units are the permit's cap again.</summary>
    internal RefillState PullReversed(long ruleSequence, long amount) =>
        Rule is { Allowance: { } allowance } rule && ruleSequence == RuleSequence
            ? this with { Rule = rule with { Allowance = allowance.Reversed(amount / NanoDollars.PerUsdcAtomicUnit) } }
            : this;

    /// <summary>Arms the rule again once the spendable balance is back at or above the threshold.</summary>
    internal RefillState Observe(long balance) =>
        Rule is { } rule && !Armed && balance >= rule.Threshold ? this with { Armed = true } : this;
}
