using Waterfall.Domain.Plans;

namespace Waterfall.Domain.Campaigns;

/// <summary>
/// The promotional grant a campaign gives each redeeming wallet. It expires at <see cref="ExpiresAt"/>,
/// or <see cref="ExpiresAfterDays"/> days after its redemption ("10,000 tokens for 14 days"), or never.
/// </summary>
[GenerateSerializer, Immutable, Alias("wf.CampaignGrant")]
public sealed record CampaignGrant(
    [property: Id(0)] string Kind,
    [property: Id(1)] string Unit,
    [property: Id(2)] long Amount,
    [property: Id(3)] int? Priority,
    [property: Id(4)] PlanScope Scope,
    [property: Id(5)] DateTimeOffset? ExpiresAt,
    [property: Id(6)] int? ExpiresAfterDays,
    [property: Id(7)] decimal? CostBasis = null);

/// <summary>Who may redeem: customers on these plans (any when empty), on a new subscription only, these customers only (any when empty).</summary>
/// <param name="AutoApply">Redeemed for every eligible customer as they subscribe, with no code or call.</param>
[GenerateSerializer, Immutable, Alias("wf.CampaignEligibility")]
public sealed record CampaignEligibility(
    [property: Id(0)] string[] Plans,
    [property: Id(1)] bool NewSubscriptionsOnly,
    [property: Id(2)] string[] Customers,
    [property: Id(3)] bool AutoApply)
{
    public static readonly CampaignEligibility Anyone = new([], false, [], false);
}

/// <summary>How far a campaign goes: redemptions, total amount given (in the grant's unit), once per customer. Null: no limit.</summary>
[GenerateSerializer, Immutable, Alias("wf.CampaignLimits")]
public sealed record CampaignLimits([property: Id(0)] int? MaxRedemptions, [property: Id(1)] long? MaxTotalAmount, [property: Id(2)] bool OncePerCustomer)
{
    public static readonly CampaignLimits None = new(null, null, false);
}

/// <summary>When a campaign can be redeemed: from <see cref="StartsAt"/> (inclusive) to <see cref="EndsAt"/> (exclusive). Null: open on that side.</summary>
[GenerateSerializer, Immutable, Alias("wf.CampaignWindow")]
public sealed record CampaignWindow([property: Id(0)] DateTimeOffset? StartsAt, [property: Id(1)] DateTimeOffset? EndsAt)
{
    public static readonly CampaignWindow Always = new(null, null);

    public bool Contains(DateTimeOffset now) => (StartsAt is not { } s || s <= now) && (EndsAt is not { } e || now < e);
}

[GenerateSerializer, Immutable, Alias("wf.CampaignTerms")]
public sealed record CampaignTerms(
    [property: Id(0)] string Name,
    [property: Id(1)] CampaignGrant Grant,
    [property: Id(2)] CampaignEligibility Eligibility,
    [property: Id(3)] CampaignLimits Limits,
    [property: Id(4)] CampaignWindow Window)
{
    public List<FieldViolation> Check(Func<string, bool> isKnownModel)
    {
        var v = new List<FieldViolation>();
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 200) v.Add(new("name", "must be 1-200 characters"));
        if (Grant is null) v.Add(new("grant", "is required"));
        else
        {
            PlanValidation.CheckGrantCredit(Grant.Kind, Grant.Unit, Grant.Amount, Grant.Priority, Grant.CostBasis, "grant", v);
            // Campaign grants may scope to any metric a plan could define: only the models are checked.
            PlanValidation.CheckScope(Grant.Scope, _ => true, isKnownModel, "grant.scope", v);
            if (Grant.ExpiresAt is not null && Grant.ExpiresAfterDays is not null)
                v.Add(new("grant.expires_after_days", "a grant expires at a time or after some days, not both"));
            if (Grant.ExpiresAfterDays is < 1 or > 3660) v.Add(new("grant.expires_after_days", "must be between 1 and 3660"));
            if (Grant.ExpiresAt is { } at && Window?.StartsAt is { } starts && at <= starts)
                v.Add(new("grant.expires_at", "must be after the campaign starts"));
            if (Limits?.MaxTotalAmount is { } total && total < Grant.Amount)
                v.Add(new("limits.max_total_amount", "must allow at least one redemption of the grant's amount"));
        }
        foreach (var plan in Eligibility?.Plans ?? [])
            if (!Identifier.IsValid(plan)) v.Add(new("eligibility.plans", $"'{plan}' is not a plan id"));
        foreach (var customer in Eligibility?.Customers ?? [])
            if (!Identifier.IsValid(customer)) v.Add(new("eligibility.customers", $"'{customer}' is not a customer id"));
        if (Limits?.MaxRedemptions is < 1) v.Add(new("limits.max_redemptions", "must be at least 1"));
        if (Limits?.MaxTotalAmount is < 1) v.Add(new("limits.max_total_amount", "must be at least 1"));
        if (Window is { StartsAt: { } s, EndsAt: { } e } && e <= s) v.Add(new("window.ends_at", "must be after starts_at"));
        return v;
    }
}
