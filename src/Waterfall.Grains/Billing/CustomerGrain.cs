using Waterfall.Contracts;
using Waterfall.Contracts.Billing;
using Waterfall.Contracts.Cycles;
using Waterfall.Domain.Customers;
using Waterfall.Domain.Subscriptions;
using D = Waterfall.Domain;

namespace Waterfall.Grains.Billing;

/// <summary>
/// A customer: the domain <see cref="Customer"/> decides; this grain stores the decision first and then
/// provisions the wallet, every wallet call under a key derived from the subscription, so a replay or a
/// retry after a crash finishes what was started and grants nothing twice.
/// </summary>
public sealed class CustomerGrain(
    [PersistentState("customer")] IPersistentState<StateCell<Customer>> state,
    WalletClock clock) : Grain, ICustomerGrain
{
    private string _tenantId = "";
    private string _customerId = "";

    private Customer Current => state.State.Value ?? Customer.New(_customerId);

    /// <summary>Whether this activation has added the customer to the tenant's directory (stored first, listed after).</summary>
    private bool _listed;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenantId, _customerId) = BillingGrainKeys.Parse(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public async Task<Reply<Customer>> Save(CustomerProfile profile)
    {
        var result = Current.Save(profile, clock.Now);
        if (result.Refusal is { } refusal) return ContractMapping.Refused<Customer>(refusal);
        await Store(result.Customer!);
        return new(result.Customer, null, false);
    }

    public async Task<Reply<CustomerView>> Get()
    {
        if (!Current.Exists) return ContractMapping.Refused<CustomerView>(NotFound());
        var customer = Current;
        var wallets = new List<CustomerWalletView>(customer.Wallets.Length);
        foreach (var wallet in customer.Wallets)
        {
            var view = await Wallet(wallet.WalletId).Get();
            wallets.Add(new CustomerWalletView(wallet, view.Receipt?.Balances ?? [], view.Receipt?.Quotas ?? []));
        }
        return new(new CustomerView(customer, [.. wallets]), null, false);
    }

    public async Task<Reply<CustomerWallet>> AddWallet(string idempotencyKey, CustomerWallet wallet)
    {
        var result = Current.AddWallet(wallet, clock.Now);
        if (result.Refusal is { } refusal) return ContractMapping.Refused<CustomerWallet>(refusal);
        var settings = D.Wallets.WalletSettings.Default with { CustomerId = _customerId };
        var opened = await Wallet(wallet.WalletId).Open(new OpenWallet(idempotencyKey, settings.ToContract()));
        // A wallet that exists already is adopted as it is: the customer now owns it.
        if (opened.Refusal is { } failed && failed.Reason != D.Reasons.WalletAlreadyExists) return new(null, failed, false);
        await Store(result.Customer!);
        return new(wallet, null, opened.Replayed);
    }

    private async Task Store(Customer customer)
    {
        await state.Put(customer);
        if (_listed) return;
        await GrainFactory.BillingDirectory(_tenantId).AddCustomer(_customerId);
        _listed = true;
    }

    public Task<Reply<CustomerWallet>> MainWallet() =>
        Task.FromResult(Current.MainWallet is { } main
            ? new Reply<CustomerWallet>(main, null, false)
            : ContractMapping.Refused<CustomerWallet>(D.Refusal.Of(D.Reasons.WalletNotFound,
                $"Customer '{_customerId}' has no main wallet yet: subscribe it to a plan, or add one.",
                new Dictionary<string, string> { ["customer_id"] = _customerId })));

    public async Task<Reply<SubscribeReceipt>> Subscribe(Subscribe command)
    {
        var customer = Current;
        var replayed = false;
        Subscription subscription;
        D.Plans.PlanVersion version;
        if (customer.FindByKey(command.IdempotencyKey) is { } earlier)
        {
            var replay = customer.Replay(earlier, command.PlanId, command.Version);
            if (replay.Refusal is { } reused) return ContractMapping.Refused<SubscribeReceipt>(reused);
            var pinned = await Plan(earlier.PlanId).Subscribable(earlier.PlanVersion);
            if (pinned.Refusal is { } gone) return new(null, gone, false);
            (subscription, version, replayed) = (earlier, pinned.Receipt!, true);
        }
        else
        {
            var found = await Plan(command.PlanId).Subscribable(command.Version);
            if (found.Refusal is { } refused) return new(null, refused, false);
            version = found.Receipt!;
            var decision = Current.Subscribe(command.IdempotencyKey, command.PlanId, version, clock.Now);
            if (decision.Refusal is { } refusal) return ContractMapping.Refused<SubscribeReceipt>(refusal);
            await Store(decision.Customer!);
            subscription = decision.Subscription!;
        }

        var provisioning = new SubscriptionProvisioner(GrainFactory, _tenantId, _customerId);
        var initial = SubscriptionProvisioning.Initial(subscription, version);
        var provisioned = await provisioning.Provision(subscription, version, initial);
        if (provisioned.Refusal is { } failedWallet) return new(null, failedWallet, false);
        await Cycles.CycleStart.Start(GrainFactory, _tenantId, _customerId, subscription, version, initial, provisioned.Grants);
        var campaigns = await provisioning.ApplyCampaigns(subscription);
        if (!subscription.Provisioned) await Store(Current.WithProvisioned(subscription.Id));
        return new(new SubscribeReceipt(Current.FindSubscription(subscription.Id)!, provisioned.Grants, campaigns), null, replayed);
    }

    public async Task<Reply<Subscription>> ChangePlan(ChangePlan command)
    {
        var found = await Plan(command.PlanId).Subscribable(command.Version);
        if (found.Refusal is { } refused) return new(null, refused, false);
        var version = found.Receipt!;
        var result = Current.ChangePlan(command.SubscriptionId, command.PlanId, version, command.Immediately, clock.Now);
        if (result.Refusal is { } refusal) return ContractMapping.Refused<Subscription>(refusal);
        var unchanged = ReferenceEquals(result.Customer, Current);
        if (!unchanged) await Store(result.Customer!);
        if (command.Immediately)
        {
            var provisioning = new SubscriptionProvisioner(GrainFactory, _tenantId, _customerId);
            var provisioned = await provisioning.Apply(result.Subscription!, version, SubscriptionProvisioning.OnChange(result.Subscription!, version, clock.Now));
            if (provisioned.Refusal is { } failedWallet) return new(null, failedWallet, false);
        }
        return new(result.Subscription, null, unchanged);
    }

    public async Task<Reply<Subscription>> Cancel(CancelSubscription command)
    {
        var result = Current.Cancel(command.SubscriptionId, command.AtPeriodEnd, clock.Now);
        if (result.Refusal is { } refusal) return ContractMapping.Refused<Subscription>(refusal);
        var unchanged = ReferenceEquals(result.Customer, Current);
        if (!unchanged) await Store(result.Customer!);
        if (result.Subscription is { } ending) await new SubscriptionProvisioner(GrainFactory, _tenantId, _customerId).RecordChange(ending, D.Wallets.SubscriptionChange.Canceled, $"{ending.Id}:canceled:{(command.AtPeriodEnd ? "period-end" : "now")}");
        if (!command.AtPeriodEnd && result.Subscription is { Status: SubscriptionStatus.Canceled } canceled) await ForfeitIfThePlanSays(canceled);
        return new(result.Subscription, null, unchanged);
    }

    /// <summary>
    /// Canceled now under a plan whose unused credits are forfeited: they go now, dated at the cancel, not at the
    /// boundary the cycle would next reach. Keyed by the subscription, so a repeated cancel forfeits once; a crash
    /// before it leaves it to that boundary, which forfeits what is still there.
    /// </summary>
    private async Task ForfeitIfThePlanSays(Subscription canceled)
    {
        var pinned = await Plan(canceled.PlanId).Subscribable(canceled.PlanVersion);
        if (pinned.Receipt?.Terms.OnCancel != D.Plans.UnusedCredits.Forfeit) return;
        var forfeited = await GrainFactory.WalletCycles(_tenantId, canceled.WalletId)
            .ForfeitPlanCredits($"{canceled.Id}:canceled:forfeit", canceled.EndsAt ?? clock.Now);
        if (forfeited.Refusal is { } refused)
            throw new InvalidOperationException($"Subscription {canceled.Id} was canceled, but its plan credits could not be forfeited: {refused.Message}");
    }

    public async Task<Reply<Subscription>> Renew(string subscriptionId, D.Billing.PeriodSpan closed, D.Billing.PeriodSpan next)
    {
        var result = Current.Renew(subscriptionId, closed, next);
        if (result.Refusal is { } refusal) return ContractMapping.Refused<Subscription>(refusal);
        var unchanged = ReferenceEquals(result.Customer, Current);
        if (!unchanged) await state.Put(result.Customer!);
        return new(result.Subscription, null, unchanged);
    }

    public Task OverageAccrued(string walletId)
    {
        if (Current.Live is { } live && live.WalletId == walletId)
            return GrainFactory.SubscriptionCycle(_tenantId, _customerId, live.Id).OverageAccrued();
        return Task.CompletedTask;
    }

    private IWalletGrain Wallet(string walletId) => GrainFactory.Wallet(_tenantId, walletId);

    private IPlanGrain Plan(string planId) => GrainFactory.Plan(_tenantId, planId);

    private D.Refusal NotFound() =>
        D.Refusal.Of(D.Plans.BillingReasons.CustomerNotFound, $"No customer '{_customerId}'.", new Dictionary<string, string> { ["customer_id"] = _customerId });
}
