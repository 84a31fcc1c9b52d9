using Waterfall.Domain.Billing;
using Waterfall.Domain.Campaigns;
using Waterfall.Domain.Plans;
using Waterfall.FrontDoor.Mapping;
using V1 = Waterfall.Api.V1;

namespace Waterfall.FrontDoor.Services.Billing;

/// <summary>
/// Reads the billing messages into the domain's terms. Only what the wire itself cannot say is checked
/// here (a decimal that does not parse, an enum value that does not exist); the rules about plans and
/// campaigns are the domain's, which answers with its own field violations.
/// </summary>
internal static class BillingRequests
{
    public static PlanTerms Terms(RequestReader read, V1.PlanTerms? terms)
    {
        if (terms is null)
        {
            read.Violation("terms", "are required");
            return null!;
        }
        var policy = terms.Defaults?.Policy ?? new V1.SpendPolicy();
        var refill = terms.Defaults?.Refill;
        return new PlanTerms(
            terms.Name,
            Mode(read, terms.BillingMode, "billing_mode"),
            terms.OverageLimit,
            Period(read, terms.Period),
            [.. terms.Charges.Select((c, i) => new PlanCharge(c.Metric, Pricing(read, c.Pricing, $"charges[{i}].pricing")))],
            [.. terms.Grants.Select((g, i) => Grant(read, g, $"grants[{i}]"))],
            new WalletDefaults(
                policy.HasPerRequestCap ? policy.PerRequestCap : null,
                policy.HasDailyBudget ? policy.DailyBudget : null,
                policy.HasMonthlyBudget ? policy.MonthlyBudget : null,
                [.. policy.AllowedModels],
                refill is null ? null : new AutoRefill(refill.Threshold, refill.Amount, refill.ToTarget)),
            [.. terms.CustomMetrics],
            terms.OnCancel switch
            {
                "" or "keep" => UnusedCredits.Keep,
                "forfeit" => UnusedCredits.Forfeit,
                _ => Invalid(read, "on_cancel", "must be keep or forfeit", UnusedCredits.Keep),
            },
            terms.ProgressiveThreshold);
    }

    public static BillingMode Mode(RequestReader read, V1.BillingMode mode, string field) => mode switch
    {
        V1.BillingMode.Unspecified or V1.BillingMode.Prepaid => BillingMode.Prepaid,
        V1.BillingMode.Postpaid => BillingMode.Postpaid,
        V1.BillingMode.Hybrid => BillingMode.Hybrid,
        _ => Invalid(read, field, "is not a billing mode", BillingMode.Prepaid),
    };

    private static BillingPeriod Period(RequestReader read, V1.BillingPeriod? period)
    {
        if (period is null) return BillingPeriod.MonthlyUtc;
        var length = period.Length switch
        {
            V1.PeriodLength.Unspecified or V1.PeriodLength.Monthly => PeriodLength.Monthly,
            V1.PeriodLength.Weekly => PeriodLength.Weekly,
            V1.PeriodLength.Daily => PeriodLength.Daily,
            _ => Invalid(read, "period.length", "is not a period length", PeriodLength.Monthly),
        };
        var anchor = period.Anchor switch
        {
            V1.PeriodAnchor.Unspecified or V1.PeriodAnchor.Anniversary => PeriodAnchor.Anniversary,
            V1.PeriodAnchor.Calendar => PeriodAnchor.Calendar,
            _ => Invalid(read, "period.anchor", "is not a period anchor", PeriodAnchor.Anniversary),
        };
        return new BillingPeriod(length, anchor, string.IsNullOrEmpty(period.TimeZone) ? "UTC" : period.TimeZone);
    }

    private static PricingSpec Pricing(RequestReader read, V1.Pricing? pricing, string field)
    {
        if (pricing is null)
        {
            read.Violation(field, "is required");
            return null!;
        }
        var kind = pricing.Kind switch
        {
            V1.PricingKind.PerUnit => PricingKind.PerUnit,
            V1.PricingKind.Flat => PricingKind.Flat,
            V1.PricingKind.Tiered => PricingKind.Tiered,
            V1.PricingKind.Volume => PricingKind.Volume,
            V1.PricingKind.Package => PricingKind.Package,
            V1.PricingKind.Percentage => PricingKind.Percentage,
            _ => Invalid(read, $"{field}.kind", "is required: PER_UNIT, FLAT, TIERED, VOLUME, PACKAGE or PERCENTAGE", PricingKind.PerUnit),
        };
        return new PricingSpec(
            kind,
            Number(read, pricing.UnitPrice, $"{field}.unit_price"),
            Number(read, pricing.Fee, $"{field}.fee"),
            [.. pricing.Tiers.Select((t, i) => new TierSpec(
                string.IsNullOrEmpty(t.UpTo) ? null : Number(read, t.UpTo, $"{field}.tiers[{i}].up_to"),
                Number(read, t.UnitPrice, $"{field}.tiers[{i}].unit_price"),
                Number(read, t.FlatFee, $"{field}.tiers[{i}].flat_fee")))],
            Number(read, pricing.PackageSize, $"{field}.package_size"),
            Number(read, pricing.PackagePrice, $"{field}.package_price"),
            Number(read, pricing.IncludedQuantity, $"{field}.included_quantity"),
            Number(read, pricing.Percent, $"{field}.percent"));
    }

    private static PlanGrant Grant(RequestReader read, V1.PlanGrant grant, string field)
    {
        var timing = grant.Timing switch
        {
            V1.GrantTiming.Unspecified or V1.GrantTiming.OnSubscribe => GrantTiming.OnSubscribe,
            V1.GrantTiming.EveryPeriod => GrantTiming.EveryPeriod,
            _ => Invalid(read, $"{field}.timing", "is not a grant timing", GrantTiming.OnSubscribe),
        };
        var expiry = grant.Expiry switch
        {
            V1.GrantExpiryKind.Unspecified or V1.GrantExpiryKind.Never => GrantExpiryKind.Never,
            V1.GrantExpiryKind.EndOfPeriod => GrantExpiryKind.EndOfPeriod,
            V1.GrantExpiryKind.AfterDays => GrantExpiryKind.AfterDays,
            _ => Invalid(read, $"{field}.expiry", "is not a grant expiry", GrantExpiryKind.Never),
        };
        var rollover = grant.Rollover?.Kind switch
        {
            null or V1.RolloverKind.Unspecified or V1.RolloverKind.None => RolloverKind.None,
            V1.RolloverKind.All => RolloverKind.All,
            V1.RolloverKind.Capped => RolloverKind.Capped,
            _ => Invalid(read, $"{field}.rollover.kind", "is not a rollover", RolloverKind.None),
        };
        return new PlanGrant(
            grant.Id, timing, grant.Kind, grant.Amount?.Unit ?? "", grant.Amount?.Value ?? 0,
            grant.HasPriority ? grant.Priority : null, Scope(grant.Scope), new GrantExpiry(expiry, grant.ExpiryDays),
            new RolloverRule(rollover, grant.Rollover?.Cap ?? 0, grant.Rollover?.MaxPeriods ?? 0),
            string.IsNullOrEmpty(grant.CostBasis) ? null : Number(read, grant.CostBasis, $"{field}.cost_basis"));
    }

    public static CampaignTerms Campaign(RequestReader read, V1.CampaignTerms? terms)
    {
        if (terms is null)
        {
            read.Violation("terms", "are required");
            return null!;
        }
        var grant = terms.Grant ?? new V1.CampaignGrant();
        var eligibility = terms.Eligibility ?? new V1.CampaignEligibility();
        var limits = terms.Limits ?? new V1.CampaignLimits();
        return new CampaignTerms(
            terms.Name,
            new CampaignGrant(grant.Kind, grant.Amount?.Unit ?? "", grant.Amount?.Value ?? 0, grant.HasPriority ? grant.Priority : null,
                Scope(grant.Scope), read.Time(grant.ExpiresAt, "grant.expires_at"), grant.ExpiresAfterDays == 0 ? null : grant.ExpiresAfterDays),
            new CampaignEligibility([.. eligibility.PlanIds], eligibility.NewSubscriptionsOnly, [.. eligibility.CustomerIds], eligibility.AutoApply),
            new CampaignLimits(limits.MaxRedemptions == 0 ? null : limits.MaxRedemptions, limits.MaxTotalAmount == 0 ? null : limits.MaxTotalAmount, limits.OncePerCustomer),
            new CampaignWindow(read.Time(terms.StartsAt, "starts_at"), read.Time(terms.EndsAt, "ends_at")));
    }

    private static PlanScope Scope(V1.GrantScope? scope) =>
        scope is null ? PlanScope.Any : new PlanScope([.. scope.Metrics], [.. scope.Models], [.. scope.Providers]);

    private static decimal Number(RequestReader read, string text, string field)
    {
        if (string.IsNullOrEmpty(text)) return 0;
        if (Decimals.TryParse(text, out var value)) return value;
        read.Violation(field, "must be a decimal number");
        return 0;
    }

    private static T Invalid<T>(RequestReader read, string field, string description, T fallback)
    {
        read.Violation(field, description);
        return fallback;
    }
}
