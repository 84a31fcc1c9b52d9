using Waterfall.Contracts.Billing;
using Waterfall.Domain.Billing;
using static Waterfall.Billing.Tests.SamplePlans;

namespace Waterfall.Billing.Tests;

/// <summary>Each refusal says why, and leaves nothing behind: no plan, no customer, no wallet.</summary>
public class BadInputTests(BillingFixture billing) : IClassFixture<BillingFixture>
{
    [Fact]
    public async Task Subscribing_to_an_unknown_plan_is_refused_and_writes_nothing()
    {
        var customerId = BillingFixture.NewId("cust");

        var refused = await billing.Customer(customerId).Subscribe(new Subscribe("sub", "no-such-plan", null));

        Assert.Equal("PLAN_NOT_FOUND", refused.Refusal?.Reason);
        Assert.Equal("CUSTOMER_NOT_FOUND", (await billing.Customer(customerId).Get()).Refusal?.Reason);
        Assert.Equal("WALLET_NOT_FOUND", (await billing.Wallet(BillingFixture.Tenant, $"{customerId}.main").Get()).Refusal?.Reason);
    }

    [Fact]
    public async Task Subscribing_to_an_unpublished_version_is_refused_and_writes_nothing()
    {
        var planId = BillingFixture.NewId("plan");
        await billing.Plan(planId).SaveDraft(null, Starter());
        var customerId = BillingFixture.NewId("cust");

        var latest = await billing.Customer(customerId).Subscribe(new Subscribe("sub", planId, null));
        var draft = await billing.Customer(customerId).Subscribe(new Subscribe("sub", planId, 1));
        var missing = await billing.Customer(customerId).Subscribe(new Subscribe("sub", planId, 7));

        Assert.Equal("PLAN_VERSION_NOT_PUBLISHED", latest.Refusal?.Reason);
        Assert.Equal("PLAN_VERSION_NOT_PUBLISHED", draft.Refusal?.Reason);
        Assert.Equal("PLAN_VERSION_NOT_FOUND", missing.Refusal?.Reason);
        Assert.Equal("CUSTOMER_NOT_FOUND", (await billing.Customer(customerId).Get()).Refusal?.Reason);
    }

    [Fact]
    public async Task A_contradictory_plan_is_refused_with_its_field_and_not_saved()
    {
        var planId = BillingFixture.NewId("plan");

        var refused = await billing.Plan(planId).SaveDraft(null, Starter() with { BillingMode = BillingMode.Prepaid, OverageLimit = 5 * Usd });

        Assert.Equal("INVALID_ARGUMENT", refused.Refusal?.Reason);
        Assert.Contains(refused.Refusal!.Violations, v => v.Field == "overage_limit");
        Assert.Equal("PLAN_NOT_FOUND", (await billing.Plan(planId).Get()).Refusal?.Reason);
    }

    [Fact]
    public async Task Publishing_a_version_that_does_not_exist_is_refused()
    {
        var planId = await billing.PublishedPlanAsync(Starter());

        var refused = await billing.Plan(planId).Publish(2);

        Assert.Equal("PLAN_VERSION_NOT_FOUND", refused.Refusal?.Reason);
        Assert.Single((await billing.Plan(planId).Get()).Receipt!.Versions);
    }

    [Fact]
    public async Task Changing_or_canceling_a_subscription_the_customer_does_not_have_is_refused()
    {
        var plan = await billing.PublishedPlanAsync(Starter());
        var customer = billing.Customer(BillingFixture.NewId("cust"));
        await customer.Subscribe(new Subscribe("sub", plan, null));

        var change = await customer.ChangePlan(new ChangePlan("s9", plan, null, false));
        var cancel = await customer.Cancel(new CancelSubscription("s9", false));
        var unknownPlan = await customer.ChangePlan(new ChangePlan("s1", "no-such-plan", null, false));

        Assert.Equal("SUBSCRIPTION_NOT_FOUND", change.Refusal?.Reason);
        Assert.Equal("SUBSCRIPTION_NOT_FOUND", cancel.Refusal?.Reason);
        Assert.Equal("PLAN_NOT_FOUND", unknownPlan.Refusal?.Reason);
    }
}
