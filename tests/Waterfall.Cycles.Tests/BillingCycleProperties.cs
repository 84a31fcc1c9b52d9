using CsCheck;
using Waterfall.Domain.Billing;
using Waterfall.Domain.Plans;
using Waterfall.Domain.Subscriptions;

namespace Waterfall.Cycles.Tests;

public class BillingCycleProperties
{
    private static readonly DateTimeOffset Start = new(2026, 1, 31, 10, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Catching_up_boundaries_at_any_wake_ups_closes_each_period_once_in_order()
    {
        var periods = Gen.OneOf(
            Gen.Const(BillingPeriod.MonthlyUtc),
            Gen.Const(new BillingPeriod(PeriodLength.Weekly, PeriodAnchor.Calendar, "Europe/Paris")),
            Gen.Const(new BillingPeriod(PeriodLength.Daily, PeriodAnchor.Anniversary, "America/New_York")),
            Gen.Const(new BillingPeriod(PeriodLength.Monthly, PeriodAnchor.Calendar, "Asia/Tokyo")));
        Gen.Select(periods, Gen.Int[0, 2400].Array[1, 8]).Sample((period, hoursAhead) =>
        {
            var version = new PlanVersion(1, CyclePlans.HybridTiered(period), Start);
            var subscription = Subscribed(version);
            var granted = new List<string>();
            var closed = new List<int>();
            var last = 0;
            // Wake-ups at arbitrary, possibly repeated, times: a reminder, a restart, a late tick.
            foreach (var hours in hoursAhead.Order())
            {
                foreach (var span in BillingCycle.DueToClose(period, Start, last, Start.AddHours(hours)))
                {
                    closed.Add(span.Number);
                    granted.AddRange(BillingCycle.PeriodGrants(subscription, version, BillingCycle.Next(period, Start, span)).Select(g => g.IdempotencyKey));
                    last = span.Number;
                }
            }

            Assert.Equal(Enumerable.Range(1, closed.Count), closed);
            Assert.Equal(granted.Distinct().Count(), granted.Count);
            Assert.Equal(closed.Count, granted.Count);
            var finalNow = Start.AddHours(hoursAhead.Max());
            Assert.True(closed.Count == 0 || BillingCycle.Nth(period, Start, closed[^1]).End <= finalNow);
            Assert.True(BillingCycle.Nth(period, Start, closed.Count + 1).End > finalNow);
        });
    }

    [Fact]
    public void Periods_follow_each_other_without_gap_or_overlap()
    {
        var period = new BillingPeriod(PeriodLength.Monthly, PeriodAnchor.Anniversary, "UTC");
        var spans = Enumerable.Range(1, 14).Select(n => BillingCycle.Nth(period, Start, n)).ToList();

        for (var i = 1; i < spans.Count; i++) Assert.Equal(spans[i - 1].End, spans[i].Start);
        // A 31st anniversary lands on month ends: February's last day, then the 31st again.
        Assert.Equal(new DateTimeOffset(2026, 2, 28, 10, 30, 0, TimeSpan.Zero), spans[0].End);
        Assert.Equal(new DateTimeOffset(2026, 3, 31, 10, 30, 0, TimeSpan.Zero), spans[1].End);
    }

    [Fact]
    public void The_first_periods_grants_come_with_the_subscription_not_the_cycle()
    {
        var version = new PlanVersion(1, CyclePlans.HybridTiered(), Start);
        var subscription = Subscribed(version);

        Assert.Empty(BillingCycle.PeriodGrants(subscription, version, BillingCycle.First(version.Terms.Period, Start)));
        var second = BillingCycle.PeriodGrants(subscription, version, BillingCycle.Nth(version.Terms.Period, Start, 2));
        Assert.Single(second);
        Assert.NotEqual(SubscriptionProvisioning.Initial(subscription, version)[0].IdempotencyKey, second[0].IdempotencyKey);
        Assert.Equal(BillingCycle.Nth(version.Terms.Period, Start, 2).End, second[0].Terms.ExpiresAt);
    }

    private static Subscription Subscribed(PlanVersion version) =>
        new("s1", "plan", 1, "w", SubscriptionStatus.Active, Start, Start, BillingCycle.First(version.Terms.Period, Start).End, null, null, "k", true);
}
