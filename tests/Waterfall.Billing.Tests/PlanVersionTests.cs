using Waterfall.Contracts;
using Waterfall.Contracts.Billing;
using Waterfall.Domain.Plans;
using static Waterfall.Billing.Tests.SamplePlans;

namespace Waterfall.Billing.Tests;

public class PlanVersionTests(BillingFixture billing) : IClassFixture<BillingFixture>
{
    [Fact]
    public async Task A_published_version_cannot_change_and_the_next_draft_is_a_new_version()
    {
        var id = await billing.PublishedPlanAsync(WithCash(10));
        var plan = billing.Plan(id);

        var edit = await plan.SaveDraft(1, WithCash(99));
        var draft = await plan.SaveDraft(null, WithCash(30));
        var versions = (await plan.Get()).Receipt!.Versions;

        Assert.Equal("PLAN_VERSION_PUBLISHED", edit.Refusal?.Reason);
        Assert.Equal(2, draft.Receipt!.Draft!.Number);
        Assert.Equal(10 * Usd, versions[0].Terms.Grants[0].Amount);
        Assert.NotNull(versions[0].PublishedAt);
        Assert.Null(versions[1].PublishedAt);
    }

    [Fact]
    public async Task A_subscription_pinned_to_v1_keeps_v1_terms_after_v2_is_published()
    {
        var id = await billing.PublishedPlanAsync(WithCash(10));
        var early = billing.Customer(BillingFixture.NewId("cust"));
        var late = billing.Customer(BillingFixture.NewId("cust"));
        var pinned = await early.Subscribe(new Subscribe("sub", id, null));

        await billing.Plan(id).SaveDraft(null, WithCash(30));
        await billing.Plan(id).Publish(2);
        var replayed = await early.Subscribe(new Subscribe("sub", id, null));
        var newer = await late.Subscribe(new Subscribe("sub", id, null));

        Assert.Equal(1, pinned.Receipt!.Subscription.PlanVersion);
        Assert.Equal(1, replayed.Receipt!.Subscription.PlanVersion);
        Assert.Equal(2, newer.Receipt!.Subscription.PlanVersion);
        Assert.Equal(new Amount(10 * Usd, "usd"), Assert.Single(await GrantsOf(pinned)).Terms.Amount);
        Assert.Equal(new Amount(30 * Usd, "usd"), Assert.Single(await GrantsOf(newer)).Terms.Amount);
    }

    [Fact]
    public async Task A_change_of_plan_waits_for_the_next_period_unless_asked_to_take_effect_now()
    {
        var basic = await billing.PublishedPlanAsync(WithCash(10));
        var pro = await billing.PublishedPlanAsync(WithCash(50));
        var customer = billing.Customer(BillingFixture.NewId("cust"));
        var subscribed = await customer.Subscribe(new Subscribe("sub", basic, null));
        var id = subscribed.Receipt!.Subscription.Id;

        var later = await customer.ChangePlan(new ChangePlan(id, pro, null, Immediately: false));
        var grantsAfterLater = await GrantsOf(subscribed);
        var now = await customer.ChangePlan(new ChangePlan(id, pro, null, Immediately: true));
        var again = await customer.ChangePlan(new ChangePlan(id, pro, null, Immediately: true));
        var grantsAfterNow = await GrantsOf(subscribed);

        Assert.Equal(basic, later.Receipt!.PlanId);
        Assert.Equal(pro, later.Receipt.PendingChange!.PlanId);
        Assert.Equal(subscribed.Receipt.Subscription.PeriodEnd, later.Receipt.PendingChange.EffectiveAt);
        Assert.Single(grantsAfterLater);
        Assert.Equal(pro, now.Receipt!.PlanId);
        Assert.Null(now.Receipt.PendingChange);
        Assert.True(again.Replayed);
        Assert.Equal([10 * Usd, 50 * Usd], grantsAfterNow.Select(g => g.Terms.Amount.Value).Order());
    }

    [Fact]
    public async Task Cancel_at_period_end_keeps_the_subscription_until_then_and_cancel_now_ends_it()
    {
        var plan = await billing.PublishedPlanAsync(WithCash(10));
        var customer = billing.Customer(BillingFixture.NewId("cust"));
        var subscribed = (await customer.Subscribe(new Subscribe("sub", plan, null))).Receipt!.Subscription;

        var atEnd = await customer.Cancel(new CancelSubscription(subscribed.Id, AtPeriodEnd: true));
        var now = await customer.Cancel(new CancelSubscription(subscribed.Id, AtPeriodEnd: false));
        var change = await customer.ChangePlan(new ChangePlan(subscribed.Id, plan, null, false));

        Assert.Equal(Domain.Subscriptions.SubscriptionStatus.CancelsAtPeriodEnd, atEnd.Receipt!.Status);
        Assert.Equal(subscribed.PeriodEnd, atEnd.Receipt.EndsAt);
        Assert.Equal(Domain.Subscriptions.SubscriptionStatus.Canceled, now.Receipt!.Status);
        Assert.Equal(billing.Clock.GetUtcNow(), now.Receipt.EndsAt);
        Assert.Equal("SUBSCRIPTION_CANCELED", change.Refusal?.Reason);
    }

    private async Task<GrantView[]> GrantsOf(Reply<SubscribeReceipt> subscribed) =>
        (await billing.Wallet(BillingFixture.Tenant, subscribed.Receipt!.Subscription.WalletId).Get()).Receipt!.Grants;
}
