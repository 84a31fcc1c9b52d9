using Waterfall.Domain.Billing;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Money;
using Waterfall.Domain.Pricing.Plans;

namespace Waterfall.Domain.Plans;

/// <summary>
/// Refuses plan terms that contradict themselves, field by field (<c>charges[1].pricing.tiers[0].up_to</c>),
/// so an admin API can say exactly what to fix. A plan that passes can always price and provision.
/// </summary>
public static class PlanValidation
{
    public const int MaxNameLength = 200;

    /// <param name="isKnownModel">Whether a model id is in the price catalog (grant scopes and allowed models may only name those).</param>
    public static List<FieldViolation> Check(PlanTerms? terms, Func<string, bool> isKnownModel)
    {
        var v = new List<FieldViolation>();
        if (terms is null)
        {
            v.Add(new("terms", "are required"));
            return v;
        }
        if (string.IsNullOrWhiteSpace(terms.Name) || terms.Name.Length > MaxNameLength) v.Add(new("name", $"must be 1-{MaxNameLength} characters"));
        CheckBilling(terms, v);
        CheckPeriod(terms.Period, v);
        var custom = CheckCustomMetrics(terms.CustomMetrics, v);
        bool IsKnownMetric(string m) => Metrics.IsBuiltIn(m) || custom.Contains(m);
        CheckCharges(terms.Charges, IsKnownMetric, v);
        CheckGrants(terms.Grants, IsKnownMetric, isKnownModel, v);
        CheckDefaults(terms.Defaults, isKnownModel, v);
        if (!Enum.IsDefined(terms.OnCancel)) v.Add(new("on_cancel", $"unknown rule {(int)terms.OnCancel}"));
        return v;
    }

    private static void CheckBilling(PlanTerms terms, List<FieldViolation> v)
    {
        if (!Enum.IsDefined(terms.BillingMode)) v.Add(new("billing_mode", $"unknown billing mode {(int)terms.BillingMode}"));
        else if (terms.BillingMode == BillingMode.Hybrid && terms.OverageLimit <= 0)
            v.Add(new("overage_limit", "a HYBRID plan needs a positive overage limit per period"));
        else if (terms.BillingMode != BillingMode.Hybrid && terms.OverageLimit != 0)
            v.Add(new("overage_limit", $"only a HYBRID plan has an overage limit; a {terms.BillingMode.ToString().ToUpperInvariant()} plan must leave it 0"));
        if (terms.OverageLimit is < 0 or > Amount.MaxValue) v.Add(new("overage_limit", $"must be between 0 and {Amount.MaxValue}"));
        if (terms.ProgressiveThreshold is < 0 or > Amount.MaxValue) v.Add(new("progressive_threshold", $"must be between 0 and {Amount.MaxValue}"));
        else if (terms.ProgressiveThreshold > 0 && terms.BillingMode == BillingMode.Prepaid)
            v.Add(new("progressive_threshold", "a PREPAID plan accrues no overage; leave it 0"));
    }

    private static void CheckPeriod(BillingPeriod? period, List<FieldViolation> v)
    {
        if (period is null)
        {
            v.Add(new("period", "is required"));
            return;
        }
        if (!Enum.IsDefined(period.Length)) v.Add(new("period.length", $"unknown period length {(int)period.Length}"));
        if (!Enum.IsDefined(period.Anchor)) v.Add(new("period.anchor", $"unknown period anchor {(int)period.Anchor}"));
        if (!BillingPeriod.IsKnownTimeZone(period.TimeZone)) v.Add(new("period.time_zone", $"'{period.TimeZone}' is not a known time zone"));
    }

    private static HashSet<string> CheckCustomMetrics(string[]? metrics, List<FieldViolation> v)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (metrics?.Length ?? 0); i++)
        {
            var metric = metrics![i];
            if (!Identifier.IsValid(metric)) v.Add(new($"custom_metrics[{i}]", "must be 1-128 characters of letters, digits and . _ : -"));
            else if (Metrics.IsBuiltIn(metric)) v.Add(new($"custom_metrics[{i}]", $"'{metric}' is a built-in metric"));
            else if (!known.Add(metric)) v.Add(new($"custom_metrics[{i}]", $"'{metric}' is named twice"));
        }
        return known;
    }

    private static void CheckCharges(PlanCharge[]? charges, Func<string, bool> isKnownMetric, List<FieldViolation> v)
    {
        var priced = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (charges?.Length ?? 0); i++)
        {
            var charge = charges![i];
            var field = $"charges[{i}]";
            if (charge is null)
            {
                v.Add(new(field, "must not be null"));
                continue;
            }
            if (charge.Metric is null || !isKnownMetric(charge.Metric)) v.Add(new($"{field}.metric", $"unknown metric '{charge.Metric}'"));
            else if (!priced.Add(charge.Metric)) v.Add(new($"{field}.metric", $"'{charge.Metric}' is priced twice"));
            if (charge.Pricing is null)
            {
                v.Add(new($"{field}.pricing", "is required"));
                continue;
            }
            if (charge.Pricing.Kind == PricingKind.Percentage && charge.Metric != Metrics.LlmCost)
                v.Add(new($"{field}.pricing.kind", $"a percentage prices an underlying cost: only metric '{Metrics.LlmCost}' may use it"));
            try
            {
                charge.Pricing.ToModel();
            }
            catch (InvalidPricingException invalid)
            {
                v.AddRange(invalid.Violations.Select(p => new FieldViolation($"{field}.pricing.{p.Field}", p.Description)));
            }
        }
    }

    private static void CheckGrants(PlanGrant[]? grants, Func<string, bool> isKnownMetric, Func<string, bool> isKnownModel, List<FieldViolation> v)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (grants?.Length ?? 0); i++)
        {
            var grant = grants![i];
            var field = $"grants[{i}]";
            if (grant is null)
            {
                v.Add(new(field, "must not be null"));
                continue;
            }
            if (!Identifier.IsValid(grant.Id) || grant.Id.Length > 64) v.Add(new($"{field}.id", "must be 1-64 characters of letters, digits and . _ : -"));
            else if (!ids.Add(grant.Id)) v.Add(new($"{field}.id", $"'{grant.Id}' names two grants"));
            if (!Enum.IsDefined(grant.Timing)) v.Add(new($"{field}.timing", $"unknown timing {(int)grant.Timing}"));
            CheckGrantCredit(grant.Kind, grant.Unit, grant.Amount, grant.Priority, grant.CostBasis, field, v);
            CheckScope(grant.Scope, isKnownMetric, isKnownModel, $"{field}.scope", v);
            CheckExpiry(grant.Expiry, $"{field}.expiry", v);
            var rollover = grant.Rollover ?? RolloverRule.None;
            if (!Enum.IsDefined(rollover.Kind)) v.Add(new($"{field}.rollover.kind", $"unknown rollover {(int)rollover.Kind}"));
            if (rollover.Kind != RolloverKind.None && grant.Timing != GrantTiming.EveryPeriod)
                v.Add(new($"{field}.rollover", "only a grant given every period can roll over"));
            if (rollover.Kind == RolloverKind.Capped && rollover.Cap <= 0) v.Add(new($"{field}.rollover.cap", "a capped rollover needs a positive cap"));
            if (rollover.Kind != RolloverKind.Capped && rollover.Cap != 0) v.Add(new($"{field}.rollover.cap", "only a capped rollover has a cap"));
            if (rollover.MaxPeriods < 0) v.Add(new($"{field}.rollover.max_periods", "must not be negative"));
            if (rollover.Kind != RolloverKind.None && grant.Expiry?.Kind == GrantExpiryKind.Never)
                v.Add(new($"{field}.rollover", "a grant that never expires has nothing to roll over"));
        }
    }

    /// <summary>The rules a grant a plan or campaign gives must meet (shared with campaigns).</summary>
    public static void CheckGrantCredit(string? kind, string? unit, long amount, int? priority, decimal? costBasis, string field, List<FieldViolation> v)
    {
        if (!GrantKind.IsValidCode(kind)) v.Add(new($"{field}.kind", "must be 1-32 lowercase letters or _"));
        else if (priority is null && new GrantKind(kind!).DefaultPriority is null) v.Add(new($"{field}.priority", $"is required for grant kind '{kind}'"));
        if (!CreditUnit.TryParse(unit, out _)) v.Add(new($"{field}.unit", $"unknown unit '{unit}' (usd, tokens, requests, sessions)"));
        if (amount is <= 0 or > Amount.MaxValue) v.Add(new($"{field}.amount", $"must be between 1 and {Amount.MaxValue}"));
        if (priority is < 0 or > 1000) v.Add(new($"{field}.priority", "must be between 0 and 1000"));
        if (costBasis is < 0) v.Add(new($"{field}.cost_basis", "must not be negative"));
    }

    public static void CheckScope(PlanScope? scope, Func<string, bool> isKnownMetric, Func<string, bool> isKnownModel, string field, List<FieldViolation> v)
    {
        if (scope is null) return;
        foreach (var metric in scope.Metrics ?? [])
            if (metric is null || !isKnownMetric(metric)) v.Add(new($"{field}.metrics", $"unknown metric '{metric}'"));
        foreach (var model in scope.Models ?? [])
            if (model is null || !isKnownModel(model)) v.Add(new($"{field}.models", $"unknown model '{model}'"));
        foreach (var provider in scope.Providers ?? [])
            if (!Identifier.IsValid(provider)) v.Add(new($"{field}.providers", $"'{provider}' is not a provider id"));
    }

    private static void CheckExpiry(GrantExpiry? expiry, string field, List<FieldViolation> v)
    {
        if (expiry is null) return;
        if (!Enum.IsDefined(expiry.Kind)) v.Add(new($"{field}.kind", $"unknown expiry {(int)expiry.Kind}"));
        if (expiry.Kind == GrantExpiryKind.AfterDays && expiry.Days is < 1 or > 3660) v.Add(new($"{field}.days", "must be between 1 and 3660"));
        if (expiry.Kind != GrantExpiryKind.AfterDays && expiry.Days != 0) v.Add(new($"{field}.days", "only an expiry after N days has days"));
    }

    private static void CheckDefaults(WalletDefaults? defaults, Func<string, bool> isKnownModel, List<FieldViolation> v)
    {
        if (defaults is null) return;
        if (defaults.PerRequestCap is <= 0) v.Add(new("defaults.per_request_cap", "must be positive"));
        if (defaults.DailyBudget is <= 0) v.Add(new("defaults.daily_budget", "must be positive"));
        if (defaults.MonthlyBudget is <= 0) v.Add(new("defaults.monthly_budget", "must be positive"));
        foreach (var model in defaults.AllowedModels ?? [])
            if (model is null || !isKnownModel(model)) v.Add(new("defaults.allowed_models", $"unknown model '{model}'"));
        if (defaults.Refill is { } refill)
        {
            if (refill.Threshold < 0) v.Add(new("defaults.refill.threshold", "must not be negative"));
            if (refill.Amount <= 0) v.Add(new("defaults.refill.amount", "must be positive"));
            if (refill.ToTarget && refill.Amount <= refill.Threshold) v.Add(new("defaults.refill.amount", "a refill to a target must target above its threshold"));
        }
    }
}
