using Waterfall.Contracts;
using Waterfall.Contracts.Billing;
using Waterfall.Contracts.Cycles;
using Waterfall.Domain.Campaigns;
using Waterfall.Domain.Plans;
using Waterfall.Domain.Subscriptions;
using D = Waterfall.Domain;

namespace Waterfall.Grains.Billing;

/// <summary>
/// Puts a subscription's terms into its wallet: opens it (or, if it existed, applies the plan's settings),
/// makes each grant, applies the campaigns that apply themselves. Every call carries a key derived from
/// the subscription, so running it again changes nothing.
/// </summary>
internal sealed class SubscriptionProvisioner(IGrainFactory grains, string tenantId, string customerId)
{
    public readonly record struct Result(string[] Grants, Refusal? Refusal);

    /// <summary>
    /// Opens the subscription's wallet with the version's settings (or applies them to the wallet it finds), records
    /// the subscription's start on it, then sets the plan's refill and makes the grants. The start comes before the
    /// refill: an invoice-funded rule is refused on a wallet no subscription bills (REFILL_NOT_BILLABLE).
    /// </summary>
    public async Task<Result> Provision(Subscription subscription, PlanVersion version, IReadOnlyList<ProvisionedGrant> grants)
    {
        var wallet = grains.Wallet(tenantId, subscription.WalletId);
        var settings = SubscriptionProvisioning.Settings(version.Terms, customerId).ToContract();
        var opened = await wallet.Open(new OpenWallet($"{subscription.Id}:open", settings));
        // The customer's wallet existed before this subscription: it takes the plan's billing mode and policy.
        if (opened.Refusal is { Reason: D.Reasons.WalletAlreadyExists })
        {
            if (await ApplySettings(wallet, subscription, version) is { } unchanged) return new([], unchanged);
        }
        else if (opened.Refusal is { } failed) return new([], failed);
        await RecordChange(subscription, D.Wallets.SubscriptionChange.Started, $"{subscription.Id}:started");
        return await RefillAndGrant(wallet, subscription, version, grants);
    }

    /// <summary>Applies a version's settings to the subscription's wallet (a change of plan; the subscription already bills it) and makes the grants.</summary>
    public async Task<Result> Apply(Subscription subscription, PlanVersion version, IReadOnlyList<ProvisionedGrant> grants)
    {
        var wallet = grains.Wallet(tenantId, subscription.WalletId);
        if (await ApplySettings(wallet, subscription, version) is { } refused) return new([], refused);
        return await RefillAndGrant(wallet, subscription, version, grants);
    }

    /// <summary>A posting-free entry in the subscription's wallet, so the event comes from the ledger's outbox with it, once per key.</summary>
    public async Task RecordChange(Subscription subscription, D.Wallets.SubscriptionChange change, string key)
    {
        var recorded = await grains.WalletCycles(tenantId, subscription.WalletId)
            .RecordSubscriptionChange(key, subscription.Id, subscription.PlanId, subscription.PlanVersion, change, change == D.Wallets.SubscriptionChange.Canceled ? subscription.EndsAt : null);
        if (recorded.Refusal is { } refused)
            throw new InvalidOperationException($"Subscription {subscription.Id} changed, but its wallet could not record it: {refused.Message}");
    }

    private async Task<Refusal?> ApplySettings(IWalletGrain wallet, Subscription subscription, PlanVersion version)
    {
        var settings = SubscriptionProvisioning.Settings(version.Terms, customerId).ToContract();
        return (await wallet.ChangeSettings(new ChangeSettings(SubscriptionProvisioning.SettingsKey(subscription, version), settings))).Refusal;
    }

    private async Task<Result> RefillAndGrant(IWalletGrain wallet, Subscription subscription, PlanVersion version, IReadOnlyList<ProvisionedGrant> grants) =>
        await SetRefill(subscription, version) is { } refused ? new([], refused) : await Grant(wallet, grants);

    /// <summary>The plan's auto-refill becomes the wallet's refill rule (docs/refill.md); a plan without one leaves the wallet's rule alone.</summary>
    private async Task<Refusal?> SetRefill(Subscription subscription, PlanVersion version)
    {
        if (Domain.Refills.PlanRefill.From(version.Terms.Defaults) is not { } rule) return null;
        var key = $"{SubscriptionProvisioning.SettingsKey(subscription, version)}:refill";
        return (await grains.WalletRefills(tenantId, subscription.WalletId).SetRefillRule(key, rule)).Refusal;
    }

    private async Task<Result> Grant(IWalletGrain wallet, IReadOnlyList<ProvisionedGrant> grants)
    {
        var attribution = new Attribution(CustomerId: customerId);
        var made = new List<string>(grants.Count);
        foreach (var grant in grants)
        {
            var granted = await wallet.Grant(new GrantCredits(grant.IdempotencyKey, grant.Terms.ToContract(), attribution));
            if (granted.Refusal is { } refused) return new([.. made], refused);
            made.Add(granted.Receipt!.Grant);
        }
        return new([.. made], null);
    }

    /// <summary>Redeems every auto-applied campaign the subscription is eligible for; the others refuse, and are skipped.</summary>
    public async Task<string[]> ApplyCampaigns(Subscription subscription)
    {
        var applied = new List<string>();
        foreach (var campaignId in await grains.Campaigns(tenantId).AutoApplied())
        {
            var request = new RedemptionRequest(subscription.WalletId, customerId, subscription.PlanId, NewSubscription: true);
            var redeemed = await grains.Campaign(tenantId, campaignId).Redeem(request);
            if (redeemed.IsAccepted) applied.Add(campaignId);
        }
        return [.. applied];
    }
}
