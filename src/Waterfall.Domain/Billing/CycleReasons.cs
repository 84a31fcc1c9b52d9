namespace Waterfall.Domain.Billing;

/// <summary>The billing cycle's refusal reasons, as they appear on the wire.</summary>
public static class CycleReasons
{
    /// <summary>The wallet no longer knows the grant (never made, or used up long ago and forgotten).</summary>
    public const string GrantNotFound = "GRANT_NOT_FOUND";
}
