using Waterfall.Domain.Plans;
using Waterfall.Domain.Subscriptions;

namespace Waterfall.Domain.Billing;

/// <summary>One billing period of a subscription: number 1 starts when it was subscribed; <see cref="End"/> is exclusive.</summary>
[GenerateSerializer, Immutable, Alias("wf.PeriodSpan")]
public sealed record PeriodSpan([property: Id(0)] int Number, [property: Id(1)] DateTimeOffset Start, [property: Id(2)] DateTimeOffset End)
{
    public bool Contains(DateTimeOffset at) => Start <= at && at < End;
}

/// <summary>A per-period grant to make, and the plan grant it comes from (its rollover line).</summary>
public sealed record PeriodGrant(string PlanGrantId, ProvisionedGrant Grant)
{
    public string IdempotencyKey => Grant.IdempotencyKey;
    public Grants.GrantTerms Terms => Grant.Terms;
}

/// <summary>
/// A subscription's periods and what each boundary does. Periods are cut by the plan's
/// <see cref="BillingPeriod"/> from the subscription's start (its anniversary, or the calendar, in the
/// plan's time zone); each period follows the one before without gap. Pure: the time is passed in.
/// </summary>
public static class BillingCycle
{
    public static PeriodSpan First(BillingPeriod period, DateTimeOffset startedAt) =>
        new(1, startedAt, period.EndOf(startedAt, startedAt));

    public static PeriodSpan Next(BillingPeriod period, DateTimeOffset startedAt, PeriodSpan current) =>
        new(current.Number + 1, current.End, period.EndOf(current.End, startedAt));

    /// <summary>Period <paramref name="number"/> (1-based).</summary>
    public static PeriodSpan Nth(BillingPeriod period, DateTimeOffset startedAt, int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        var span = First(period, startedAt);
        while (span.Number < number) span = Next(period, startedAt, span);
        return span;
    }

    /// <summary>
    /// The periods after <paramref name="lastClosed"/> that have ended by <paramref name="now"/>, oldest first:
    /// what a cycle that slept (a silo down across boundaries) has to close, each once and in order.
    /// </summary>
    public static IReadOnlyList<PeriodSpan> DueToClose(BillingPeriod period, DateTimeOffset startedAt, int lastClosed, DateTimeOffset now)
    {
        var due = new List<PeriodSpan>();
        var span = Nth(period, startedAt, lastClosed + 1);
        while (span.End <= now)
        {
            due.Add(span);
            span = Next(period, startedAt, span);
        }
        return due;
    }

    /// <summary>
    /// The per-period grants that open <paramref name="span"/>, keyed by subscription, plan version and
    /// period number, so a catch-up or a replay grants each once. Period 1's come with the subscription.
    /// </summary>
    public static List<PeriodGrant> PeriodGrants(Subscription subscription, PlanVersion version, PeriodSpan span) =>
        span.Number == 1
            ? []
            : [.. version.Terms.Grants.Where(g => g.Timing == GrantTiming.EveryPeriod)
                .Select(g => new PeriodGrant(g.Id, SubscriptionProvisioning.Provisioned(subscription, version, g, span.Number, span.Start, span.End)))];

    /// <summary>The wallet key of the step that closes a period (its invoice posting), naming subscription and period.</summary>
    public static string CloseKey(Subscription subscription, int period) => $"{subscription.Id}:p{period}:close";

    /// <summary>The wallet key of the forfeiture of a canceled subscription's plan credits at the end of <paramref name="period"/>.</summary>
    public static string ForfeitKey(Subscription subscription, int period) => $"{subscription.Id}:p{period}:forfeit";

    /// <summary>The wallet key of the record that the subscription continues past the end of <paramref name="period"/>.</summary>
    public static string RenewalKey(Subscription subscription, int period) => $"{subscription.Id}:p{period}:renewed";

    /// <summary>The wallet key of a rollover at the end of <paramref name="period"/> of one source grant.</summary>
    public static string RolloverKey(Subscription subscription, int period, string planGrantId, string sourceGrant) =>
        $"{subscription.Id}:p{period}:roll:{Truncate(planGrantId)}:{sourceGrant}";

    private static string Truncate(string id) => id.Length <= 40 ? id : id[..40];
}
