using Orleans.Concurrency;
using Waterfall.Domain.Customers;
using Waterfall.Domain.Subscriptions;

namespace Waterfall.Contracts.Billing;

/// <summary>One customer of a tenant (key "tenant/customer"): profile, wallets, subscriptions.</summary>
[Alias("wf.ICustomerGrain")]
public interface ICustomerGrain : IGrainWithStringKey
{
    /// <summary>Creates the customer or replaces its profile.</summary>
    [Alias("Save")] Task<Reply<Customer>> Save(CustomerProfile profile);

    /// <summary>The customer with each of its wallets' balances.</summary>
    [Alias("Get")] Task<Reply<CustomerView>> Get();

    /// <summary>Opens a wallet the customer owns (an agent's or a team's) and lists it with the customer.</summary>
    [Alias("AddWallet")] Task<Reply<CustomerWallet>> AddWallet(string idempotencyKey, CustomerWallet wallet);

    /// <summary>The wallet a debit by customer burns; WALLET_NOT_FOUND when the customer has none yet.</summary>
    [Alias("MainWallet"), ReadOnly] Task<Reply<CustomerWallet>> MainWallet();

    [Alias("Subscribe")] Task<Reply<SubscribeReceipt>> Subscribe(Subscribe command);

    [Alias("ChangePlan")] Task<Reply<Subscription>> ChangePlan(ChangePlan command);

    [Alias("Cancel")] Task<Reply<Subscription>> Cancel(CancelSubscription command);

    /// <summary>The billing cycle's step at a period boundary: the subscription moved into its next period, or ended (<see cref="Subscription.Renew"/>).</summary>
    /// <summary>A wallet of the customer accrued overage: its live subscription's cycle is nudged for progressive billing.</summary>
    [Alias("OverageAccrued"), Orleans.Concurrency.OneWay] Task OverageAccrued(string walletId);

    [Alias("Renew")] Task<Reply<Subscription>> Renew(string subscriptionId, Domain.Billing.PeriodSpan closed, Domain.Billing.PeriodSpan next);
}

/// <param name="Version">The published version to pin; null: the latest.</param>
[GenerateSerializer, Immutable, Alias("wf.Subscribe")]
public sealed record Subscribe([property: Id(0)] string IdempotencyKey, [property: Id(1)] string PlanId, [property: Id(2)] int? Version);

/// <param name="Immediately">Pin the new version now (and give its on-subscribe grants) instead of at the next period.</param>
[GenerateSerializer, Immutable, Alias("wf.ChangePlan")]
public sealed record ChangePlan([property: Id(0)] string SubscriptionId, [property: Id(1)] string PlanId, [property: Id(2)] int? Version, [property: Id(3)] bool Immediately);

[GenerateSerializer, Immutable, Alias("wf.CancelSubscription")]
public sealed record CancelSubscription([property: Id(0)] string SubscriptionId, [property: Id(1)] bool AtPeriodEnd);

/// <summary>A subscription, the grant ids its wallet received and the campaigns applied with it.</summary>
[GenerateSerializer, Immutable, Alias("wf.SubscribeReceipt")]
public sealed record SubscribeReceipt([property: Id(0)] Subscription Subscription, [property: Id(1)] string[] Grants, [property: Id(2)] string[] Campaigns);

[GenerateSerializer, Immutable, Alias("wf.CustomerWalletView")]
public sealed record CustomerWalletView([property: Id(0)] CustomerWallet Wallet, [property: Id(1)] Balance[] Balances, [property: Id(2)] Domain.Grants.MetricQuota[] Quotas);

[GenerateSerializer, Immutable, Alias("wf.CustomerView")]
public sealed record CustomerView([property: Id(0)] Customer Customer, [property: Id(1)] CustomerWalletView[] Wallets);
