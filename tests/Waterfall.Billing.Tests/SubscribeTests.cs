using Waterfall.Contracts;
using Waterfall.Contracts.Billing;
using Waterfall.Domain.Plans;
using static Waterfall.Billing.Tests.SamplePlans;

namespace Waterfall.Billing.Tests;

public class SubscribeTests(BillingFixture billing) : IClassFixture<BillingFixture>
{
    [Fact]
    public async Task Subscribing_opens_one_wallet_with_exactly_the_plans_grants_in_waterfall_order()
    {
        var plan = await billing.PublishedPlanAsync(Starter());
        var customerId = BillingFixture.NewId("cust");
        var now = billing.Clock.GetUtcNow();

        var subscribed = await billing.Customer(customerId).Subscribe(new Subscribe("sub-1", plan, null));
        var wallet = (await billing.Wallet(BillingFixture.Tenant, subscribed.Receipt!.Subscription.WalletId).Get()).Receipt!;
        var burnOrder = wallet.Grants.OrderBy(g => g.Terms.Priority).ToList();

        Assert.True(subscribed.IsAccepted, subscribed.Refusal?.Message);
        Assert.Equal($"{customerId}.main", wallet.WalletId);
        Assert.Equal(customerId, wallet.Settings.CustomerId);
        Assert.Equal(3, wallet.Grants.Length);
        Assert.Equal(["promotional", "bonus", "purchased"], burnOrder.Select(g => g.Terms.Kind));
        Assert.Equal([new Amount(10_000, "tokens"), new Amount(100_000, "tokens"), new Amount(20 * Usd, "usd")], burnOrder.Select(g => g.Terms.Amount));
        Assert.Equal(now.AddDays(14), burnOrder[0].Terms.ExpiresAt);
        Assert.Equal(now.AddMonths(1), burnOrder[1].Terms.ExpiresAt);
        Assert.Null(burnOrder[2].Terms.ExpiresAt);
        Assert.All(wallet.Grants, g => Assert.Equal($"{plan}@v1", g.Terms.SourceReference));
    }

    [Fact]
    public async Task A_debit_after_subscribing_burns_promotional_then_bonus_then_purchased()
    {
        var plan = await billing.PublishedPlanAsync(Starter());
        var subscribed = await billing.Customer(BillingFixture.NewId("cust")).Subscribe(new Subscribe("sub-1", plan, null));
        var wallet = billing.Wallet(BillingFixture.Tenant, subscribed.Receipt!.Subscription.WalletId);
        var grants = (await wallet.Get()).Receipt!.Grants.ToDictionary(g => g.Terms.Kind, g => g.Id);

        var tokens = await wallet.Debit(new DebitWallet("d-1", new Charge(new Amount(15_000, "tokens"), null, null, null), null));
        var cash = await wallet.Debit(new DebitWallet("d-2", new Charge(new Amount(2 * Usd, "usd"), null, null, null), null));

        Assert.Equal([new Draw(grants["promotional"], "tokens", 10_000), new Draw(grants["bonus"], "tokens", 5_000)], tokens.Receipt!.Coverage.Draws);
        Assert.Equal([new Draw(grants["purchased"], "usd", 2 * Usd)], cash.Receipt!.Coverage.Draws);
    }

    [Fact]
    public async Task The_same_subscribe_replayed_changes_nothing()
    {
        var plan = await billing.PublishedPlanAsync(Starter());
        var customer = billing.Customer(BillingFixture.NewId("cust"));

        var first = await customer.Subscribe(new Subscribe("sub-1", plan, null));
        var wallet = billing.Wallet(BillingFixture.Tenant, first.Receipt!.Subscription.WalletId);
        var before = (await wallet.Get()).Receipt!;
        var again = await customer.Subscribe(new Subscribe("sub-1", plan, null));
        var after = (await wallet.Get()).Receipt!;
        var view = (await customer.Get()).Receipt!;

        Assert.False(first.Replayed);
        Assert.True(again.Replayed);
        Assert.Equal(first.Receipt.Grants, again.Receipt!.Grants);
        Assert.Equal(before.Sequence, after.Sequence);
        Assert.Equal(3, after.Grants.Length);
        Assert.Single(view.Customer.Subscriptions);
        Assert.True(view.Customer.Subscriptions[0].Provisioned);
        Assert.Single(view.Wallets);
    }

    [Fact]
    public async Task The_same_subscribe_key_for_another_plan_is_refused_and_changes_nothing()
    {
        var plan = await billing.PublishedPlanAsync(Starter());
        var other = await billing.PublishedPlanAsync(WithCash(5));
        var customer = billing.Customer(BillingFixture.NewId("cust"));
        await customer.Subscribe(new Subscribe("sub-1", plan, null));

        var reused = await customer.Subscribe(new Subscribe("sub-1", other, null));
        var view = (await customer.Get()).Receipt!;

        Assert.Equal("IDEMPOTENCY_KEY_REUSED", reused.Refusal?.Reason);
        Assert.Equal(plan, Assert.Single(view.Customer.Subscriptions).PlanId);
    }

    [Fact]
    public async Task A_customer_with_a_live_subscription_changes_plan_instead_of_subscribing_twice()
    {
        var plan = await billing.PublishedPlanAsync(Starter());
        var customer = billing.Customer(BillingFixture.NewId("cust"));
        await customer.Subscribe(new Subscribe("sub-1", plan, null));

        var second = await customer.Subscribe(new Subscribe("sub-2", plan, null));

        Assert.Equal("ALREADY_SUBSCRIBED", second.Refusal?.Reason);
        Assert.Equal("s1", second.Refusal!.Metadata["subscription_id"]);
    }

    [Fact]
    public async Task The_main_wallet_is_what_a_debit_by_customer_burns()
    {
        var plan = await billing.PublishedPlanAsync(WithCash(1));
        var customerId = BillingFixture.NewId("cust");
        var before = await billing.Customer(customerId).MainWallet();
        await billing.Customer(customerId).Subscribe(new Subscribe("sub-1", plan, null));

        var after = await billing.Customer(customerId).MainWallet();

        Assert.Equal("WALLET_NOT_FOUND", before.Refusal?.Reason);
        Assert.Equal($"{customerId}.main", after.Receipt!.WalletId);
    }
}
