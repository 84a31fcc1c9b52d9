using Waterfall.Domain.Billing;
using Waterfall.Domain.Subscriptions;

namespace Waterfall.Domain.Tests.Subscriptions;

public class SubscriptionRenewalTests
{
    private static readonly DateTimeOffset January = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly PeriodSpan First = new(1, January, January.AddMonths(1));
    private static readonly PeriodSpan Second = new(2, January.AddMonths(1), January.AddMonths(2));

    private static readonly Subscription Active = new("s1", "plan", 1, "w", SubscriptionStatus.Active,
        January, First.Start, First.End, null, null, "key", Provisioned: true);

    [Fact]
    public void A_boundary_moves_the_subscription_into_the_next_period()
    {
        var renewed = Active.Renew(First, Second);
        Assert.Equal((2, Second.Start, Second.End, SubscriptionStatus.Active), (renewed.Period, renewed.PeriodStart, renewed.PeriodEnd, renewed.Status));
    }

    [Fact]
    public void The_same_boundary_again_changes_nothing()
    {
        var renewed = Active.Renew(First, Second);
        Assert.Same(renewed, renewed.Renew(First, Second));
    }

    [Fact]
    public void A_pending_plan_change_due_at_the_boundary_pins_the_new_version_from_the_next_period()
    {
        var pending = Active with { PendingChange = new PlanChange("pro", 3, First.End) };
        var renewed = pending.Renew(First, Second);
        Assert.Equal(("pro", 3, (PlanChange?)null), (renewed.PlanId, renewed.PlanVersion, renewed.PendingChange));
    }

    [Fact]
    public void A_plan_change_due_later_waits_for_its_own_boundary()
    {
        var pending = Active with { PendingChange = new PlanChange("pro", 3, Second.End) };
        var renewed = pending.Renew(First, Second);
        Assert.Equal(("plan", 1), (renewed.PlanId, renewed.PlanVersion));
        Assert.NotNull(renewed.PendingChange);
    }

    [Fact]
    public void A_cancel_at_period_end_ends_the_subscription_at_the_boundary_with_no_further_period()
    {
        var canceling = Active with { Status = SubscriptionStatus.CancelsAtPeriodEnd, EndsAt = First.End };
        var ended = canceling.Renew(First, Second);
        Assert.Equal((SubscriptionStatus.Canceled, First.End, 1, First.End), (ended.Status, ended.EndsAt, ended.Period, ended.PeriodEnd));
    }

    [Fact]
    public void A_subscription_canceled_at_once_is_left_as_it_is()
    {
        var canceled = Active with { Status = SubscriptionStatus.Canceled, EndsAt = January.AddDays(3) };
        Assert.Same(canceled, canceled.Renew(First, Second));
    }
}
