using Waterfall.Domain.Billing;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Money;
using Waterfall.Domain.Plans;
using Waterfall.Domain.Policy;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Subscriptions;

/// <summary>A grant to make in a wallet, under the idempotency key that makes it happen once.</summary>
public sealed record ProvisionedGrant(string IdempotencyKey, GrantTerms Terms);

/// <summary>
/// What a subscription puts in its wallet: the plan's billing mode and spend policy, and its grants for
/// the start (the on-subscribe grants and the first period's). Each grant's key names the subscription,
/// the plan grant and the period, so provisioning again (a replay, a retry after a crash) grants nothing twice.
/// </summary>
public static class SubscriptionProvisioning
{
    public static WalletSettings Settings(PlanTerms terms, string customerId)
    {
        var billing = new BillingTerms(terms.BillingMode, terms.BillingMode == BillingMode.Hybrid ? terms.OverageLimit : 0);
        var d = terms.Defaults ?? WalletDefaults.None;
        return new WalletSettings(billing, new SpendPolicy(d.PerRequestCap, d.DailyBudget, d.MonthlyBudget, d.AllowedModels ?? []), customerId);
    }

    /// <summary>The grants a new subscription receives, in the plan's order.</summary>
    public static List<ProvisionedGrant> Initial(Subscription subscription, PlanVersion version) =>
        [.. version.Terms.Grants.Select(g => Provisioned(subscription, version, g, period: 1, subscription.StartedAt, subscription.PeriodEnd))];

    /// <summary>
    /// What a plan change that takes effect now grants: the new version's on-subscribe grants, keyed by
    /// version, so changing to it twice still grants them once. Per-period grants follow at the next period.
    /// </summary>
    public static List<ProvisionedGrant> OnChange(Subscription subscription, PlanVersion version, DateTimeOffset now) =>
        [.. version.Terms.Grants.Where(g => g.Timing == GrantTiming.OnSubscribe)
            .Select(g => Provisioned(subscription, version, g, period: 0, now, subscription.PeriodEnd))];

    public static ProvisionedGrant Provisioned(Subscription subscription, PlanVersion version, PlanGrant grant, int period, DateTimeOffset grantedAt, DateTimeOffset periodEnd)
    {
        var kind = new GrantKind(grant.Kind);
        var unit = CreditUnit.Parse(grant.Unit);
        var scope = grant.Scope ?? PlanScope.Any;
        var terms = new GrantTerms(
            kind,
            new Amount(grant.Amount, unit),
            grant.Priority ?? kind.DefaultPriority ?? 0,
            EffectiveAt: null,
            (grant.Expiry ?? GrantExpiry.Never).At(grantedAt, periodEnd),
            new GrantScope(scope.Metrics ?? [], scope.Models ?? [], scope.Providers ?? []),
            new GrantSource(GrantSourceKind.Plan, $"{subscription.PlanId}@v{version.Number}"),
            grant.CostBasis ?? (kind.IsPaid && unit.IsMoney ? 1m : null));
        // Keyed by plan and version (a change of plan may grant the new one's), per-period grants also by period.
        var plan = VersionKey(subscription, version);
        var key = grant.Timing == GrantTiming.OnSubscribe ? $"{plan}:{grant.Id}" : $"{plan}:p{period}:{grant.Id}";
        return new ProvisionedGrant(key, terms);
    }

    /// <summary>The key that applies a version's billing mode and policy to a wallet the subscription did not open.</summary>
    public static string SettingsKey(Subscription subscription, PlanVersion version) => $"{VersionKey(subscription, version)}:settings";

    private static string VersionKey(Subscription subscription, PlanVersion version) =>
        $"{subscription.Id}:{PlanTag(subscription.PlanId)}:v{version.Number}";

    /// <summary>A short, stable stand-in for a plan id (up to 128 characters) inside a wallet's idempotency key (at most 128).</summary>
    private static string PlanTag(string planId) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(planId)).AsSpan(0, 4));
}
