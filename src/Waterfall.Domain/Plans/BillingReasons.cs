namespace Waterfall.Domain.Plans;

/// <summary>The billing context's refusal reasons, as they appear on the wire (next to <see cref="Reasons"/>).</summary>
public static class BillingReasons
{
    public const string PlanNotFound = "PLAN_NOT_FOUND";
    public const string PlanVersionNotFound = "PLAN_VERSION_NOT_FOUND";
    /// <summary>A subscription may only pin a published version.</summary>
    public const string PlanVersionNotPublished = "PLAN_VERSION_NOT_PUBLISHED";
    /// <summary>A published version never changes; edit a new draft instead.</summary>
    public const string PlanVersionPublished = "PLAN_VERSION_PUBLISHED";
    public const string CustomerNotFound = "CUSTOMER_NOT_FOUND";
    public const string AlreadySubscribed = "ALREADY_SUBSCRIBED";
    public const string SubscriptionNotFound = "SUBSCRIPTION_NOT_FOUND";
    public const string SubscriptionCanceled = "SUBSCRIPTION_CANCELED";
    public const string CampaignNotFound = "CAMPAIGN_NOT_FOUND";
    public const string CampaignOutOfWindow = "CAMPAIGN_OUT_OF_WINDOW";
    public const string CampaignNotEligible = "CAMPAIGN_NOT_ELIGIBLE";
    public const string CampaignLimitReached = "CAMPAIGN_LIMIT_REACHED";
    public const string CampaignAlreadyRedeemed = "CAMPAIGN_ALREADY_REDEEMED";
}
