using Waterfall.Domain.Plans;
using Waterfall.Domain.Subscriptions;

namespace Waterfall.Domain.Customers;

/// <summary>
/// A tenant's customer: profile, wallets and subscriptions. Each method answers the customer after the
/// change, or why it was refused (and then nothing changed). One subscription is live at a time: a
/// customer moves between plans with a plan change, not a second subscription.
/// </summary>
[GenerateSerializer, Immutable, Alias("wf.Customer")]
public sealed record Customer(
    [property: Id(0)] string Id,
    [property: Id(1)] CustomerProfile Profile,
    [property: Id(2)] CustomerWallet[] Wallets,
    [property: Id(3)] Subscription[] Subscriptions,
    [property: Id(4)] DateTimeOffset? CreatedAt)
{
    /// <summary>Customer ids leave room for the main wallet's suffix within an id's 128 characters.</summary>
    public const int MaxIdLength = 120;

    public static Customer New(string id) => new(id, CustomerProfile.Empty, [], [], null);

    public static bool IsValidId(string? id) => Identifier.IsValid(id) && id!.Length <= MaxIdLength;

    public static string MainWalletIdFor(string customerId) => $"{customerId}.main";

    public bool Exists => CreatedAt is not null;

    public CustomerWallet? MainWallet => Wallets.FirstOrDefault(w => w.Role == WalletRole.Main);

    public Subscription? Live => Subscriptions.LastOrDefault(s => s.IsLive);

    public Subscription? FindSubscription(string id) => Subscriptions.FirstOrDefault(s => s.Id == id);

    public Subscription? FindByKey(string idempotencyKey) => Subscriptions.FirstOrDefault(s => s.IdempotencyKey == idempotencyKey);

    public CustomerResult Save(CustomerProfile profile, DateTimeOffset now)
    {
        var violations = (profile ?? CustomerProfile.Empty).Check();
        if (violations.Count > 0) return CustomerResult.Refused(Refusal.Invalid([.. violations]));
        return CustomerResult.Ok(this with { Profile = profile ?? CustomerProfile.Empty, CreatedAt = CreatedAt ?? now });
    }

    /// <summary>Registers a wallet the customer owns; the main wallet is the one subscriptions provision.</summary>
    public CustomerResult AddWallet(CustomerWallet wallet, DateTimeOffset now)
    {
        var v = new List<FieldViolation>();
        if (!Identifier.IsValid(wallet.WalletId)) v.Add(new("wallet_id", "must be 1-128 characters of letters, digits and . _ : -"));
        if (!Enum.IsDefined(wallet.Role)) v.Add(new("role", $"unknown role {(int)wallet.Role}"));
        if (wallet.Name is { Length: > 200 }) v.Add(new("name", "must be at most 200 characters"));
        if (v.Count > 0) return CustomerResult.Refused(Refusal.Invalid([.. v]));
        if (Wallets.FirstOrDefault(w => w.WalletId == wallet.WalletId) is { } known)
            return known == wallet ? CustomerResult.Ok(this) : CustomerResult.Refused(Refusal.Invalid(new FieldViolation("wallet_id", $"wallet '{wallet.WalletId}' is already this customer's, as {known.Role}")));
        if (wallet.Role == WalletRole.Main && MainWallet is { } main)
            return CustomerResult.Refused(Refusal.Invalid(new FieldViolation("role", $"the customer's main wallet is already '{main.WalletId}'")));
        return CustomerResult.Ok(this with { Wallets = [.. Wallets, wallet], CreatedAt = CreatedAt ?? now });
    }

    /// <summary>
    /// Subscribes to a published plan version. The same key again is a replay (the subscription it
    /// made), the same key for another plan is refused; a customer with a live subscription changes plan instead.
    /// </summary>
    public SubscribeDecision Subscribe(string idempotencyKey, string planId, PlanVersion version, DateTimeOffset now)
    {
        if (FindByKey(idempotencyKey) is { } earlier) return Replay(earlier, planId, version.Number);
        if (Live is { } live)
            return SubscribeDecision.Refused(Refusal.Of(BillingReasons.AlreadySubscribed,
                $"Customer '{Id}' is subscribed to plan '{live.PlanId}' v{live.PlanVersion} ({live.Id}); change plan or cancel it first.",
                new Dictionary<string, string> { ["subscription_id"] = live.Id }));

        var main = MainWallet;
        var walletId = main?.WalletId ?? MainWalletIdFor(Id);
        var subscription = new Subscription(
            $"s{Subscriptions.Length + 1}", planId, version.Number, walletId, SubscriptionStatus.Active,
            now, now, version.Terms.Period.EndOf(now, now), null, null, idempotencyKey, Provisioned: false);
        var wallets = main is null ? [.. Wallets, new CustomerWallet(walletId, WalletRole.Main, null)] : Wallets;
        var next = this with { Wallets = wallets, Subscriptions = [.. Subscriptions, subscription], CreatedAt = CreatedAt ?? now };
        return new SubscribeDecision(next, subscription, Replayed: false, null);
    }

    /// <summary>A subscribe seen before: its subscription, or a refusal if the key now asks for something else.</summary>
    public SubscribeDecision Replay(Subscription earlier, string planId, int? version)
    {
        if (earlier.PlanId != planId || (version is { } v && v != earlier.PlanVersion))
            return SubscribeDecision.Refused(Refusal.Of(Reasons.IdempotencyKeyReused,
                $"Idempotency key '{earlier.IdempotencyKey}' already subscribed customer '{Id}' to plan '{earlier.PlanId}' v{earlier.PlanVersion}."));
        return new SubscribeDecision(this, earlier, Replayed: true, null);
    }

    public Customer WithProvisioned(string subscriptionId) => Replace(subscriptionId, s => s with { Provisioned = true });

    /// <summary>
    /// Moves a live subscription to another published plan version: at the next period by default, or now
    /// (the new version is pinned at once and its on-subscribe grants are given; per-period grants follow at the next period).
    /// </summary>
    public SubscriptionResult ChangePlan(string subscriptionId, string planId, PlanVersion version, bool immediately, DateTimeOffset now)
    {
        if (Refuse(subscriptionId, out var subscription) is { } refusal) return SubscriptionResult.Refused(refusal);
        if (subscription.PlanId == planId && subscription.PlanVersion == version.Number && subscription.PendingChange is null)
            return new(this, subscription, null);
        var changed = immediately
            ? subscription with { PlanId = planId, PlanVersion = version.Number, PendingChange = null }
            : subscription with { PendingChange = new PlanChange(planId, version.Number, subscription.PeriodEnd) };
        return new(Replace(subscriptionId, _ => changed), changed, null);
    }

    /// <summary>Cancels now, or at the end of the current period (active until then). Canceling again changes nothing.</summary>
    public SubscriptionResult Cancel(string subscriptionId, bool atPeriodEnd, DateTimeOffset now)
    {
        var subscription = FindSubscription(subscriptionId);
        if (subscription is null) return SubscriptionResult.Refused(NoSubscription(subscriptionId));
        if (subscription.Status == SubscriptionStatus.Canceled) return new(this, subscription, null);
        var canceled = atPeriodEnd
            ? subscription with { Status = SubscriptionStatus.CancelsAtPeriodEnd, EndsAt = subscription.PeriodEnd, PendingChange = null }
            : subscription with { Status = SubscriptionStatus.Canceled, EndsAt = now, PendingChange = null };
        return new(Replace(subscriptionId, _ => canceled), canceled, null);
    }

    /// <summary>
    /// Moves a subscription across a period boundary (<see cref="Subscription.Renew"/>): the billing cycle's
    /// step, keyed by the period it closes, so the same boundary again answers the subscription unchanged.
    /// </summary>
    public SubscriptionResult Renew(string subscriptionId, Billing.PeriodSpan closed, Billing.PeriodSpan next)
    {
        if (FindSubscription(subscriptionId) is not { } subscription) return SubscriptionResult.Refused(NoSubscription(subscriptionId));
        var renewed = subscription.Renew(closed, next);
        return renewed == subscription ? new(this, subscription, null) : new(Replace(subscriptionId, _ => renewed), renewed, null);
    }

    private Refusal? Refuse(string subscriptionId, out Subscription subscription)
    {
        subscription = FindSubscription(subscriptionId)!;
        if (subscription is null) return NoSubscription(subscriptionId);
        if (subscription.Status != SubscriptionStatus.Active)
            return Refusal.Of(BillingReasons.SubscriptionCanceled, $"Subscription '{subscriptionId}' of customer '{Id}' is canceled.",
                new Dictionary<string, string> { ["subscription_id"] = subscriptionId });
        return null;
    }

    private Refusal NoSubscription(string subscriptionId) =>
        Refusal.Of(BillingReasons.SubscriptionNotFound, $"Customer '{Id}' has no subscription '{subscriptionId}'.",
            new Dictionary<string, string> { ["subscription_id"] = subscriptionId });

    private Customer Replace(string subscriptionId, Func<Subscription, Subscription> change) =>
        this with { Subscriptions = Subscriptions.Select(s => s.Id == subscriptionId ? change(s) : s).ToArray() };
}

public readonly record struct CustomerResult(Customer? Customer, Refusal? Refusal)
{
    public static CustomerResult Ok(Customer customer) => new(customer, null);
    public static CustomerResult Refused(Refusal refusal) => new(null, refusal);
}

/// <summary>The customer after subscribing and its subscription (still to provision unless <see cref="Subscription.Provisioned"/>).</summary>
public readonly record struct SubscribeDecision(Customer? Customer, Subscription? Subscription, bool Replayed, Refusal? Refusal)
{
    public static SubscribeDecision Refused(Refusal refusal) => new(null, null, false, refusal);
}

public readonly record struct SubscriptionResult(Customer? Customer, Subscription? Subscription, Refusal? Refusal)
{
    public static SubscriptionResult Refused(Refusal refusal) => new(null, null, refusal);
}
