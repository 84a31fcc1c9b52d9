using Waterfall.Contracts;
using Waterfall.Contracts.Billing;
using Waterfall.Domain.Plans;
using Waterfall.Domain.Refills;
using static Waterfall.Billing.Tests.SamplePlans;

namespace Waterfall.Billing.Tests;

/// <summary>A plan's auto-refill default becomes the provisioned wallet's refill rule (docs/refill.md).</summary>
public class SubscriptionRefillTests(BillingFixture billing) : IClassFixture<BillingFixture>
{
    [Fact]
    public async Task A_plan_with_an_auto_refill_gives_its_subscriptions_wallet_that_rule_and_the_wallet_refills_by_it()
    {
        var terms = WithCash(1, "Refilling") with { Defaults = WalletDefaults.None with { Refill = new AutoRefill(5 * Usd, 20 * Usd, ToTarget: true) } };
        var plan = await billing.PublishedPlanAsync(terms);

        var subscribed = await billing.Customer(BillingFixture.NewId("cust")).Subscribe(new Subscribe("sub-1", plan, null));
        var wallet = billing.Wallet(BillingFixture.Tenant, subscribed.Receipt!.Subscription.WalletId);
        var debit = await wallet.Debit(new DebitWallet("d-1", new Charge(new Amount(3 * Usd, "usd"), null, null, null), null));
        var view = (await wallet.Get()).Receipt!;

        Assert.True(subscribed.IsAccepted, subscribed.Refusal?.Message);
        Assert.Equal(new RefillRule(5 * Usd, RefillMode.Target, 20 * Usd, Domain.Money.Amount.MaxBalance), view.Refill!.Rule);
        Assert.True(debit.IsAccepted, debit.Refusal?.Message);
        Assert.Equal(1, view.Refill.Refills);
        Assert.Equal(17 * Usd, view.Balances.Single(b => b.Unit == "usd").Available); // 1 + 19 (up to 20) - 3
    }

    [Fact]
    public async Task A_plan_without_an_auto_refill_leaves_the_wallet_without_a_rule()
    {
        var plan = await billing.PublishedPlanAsync(WithCash(1, "Plain"));

        var subscribed = await billing.Customer(BillingFixture.NewId("cust")).Subscribe(new Subscribe("sub-1", plan, null));
        var view = (await billing.Wallet(BillingFixture.Tenant, subscribed.Receipt!.Subscription.WalletId).Get()).Receipt!;

        Assert.Null(view.Refill);
    }
}
