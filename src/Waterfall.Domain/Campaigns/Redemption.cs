namespace Waterfall.Domain.Campaigns;

/// <summary>One wallet's redemption of a campaign: the grant it was given, under the key that gives it once.</summary>
[GenerateSerializer, Immutable, Alias("wf.Redemption")]
public sealed record Redemption(
    [property: Id(0)] string WalletId,
    [property: Id(1)] string? CustomerId,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] DateTimeOffset? ExpiresAt,
    [property: Id(4)] long Amount,
    [property: Id(5)] string GrantKey,
    [property: Id(6)] string Unit);

/// <summary>Who asks to redeem, and in what situation (for eligibility).</summary>
[GenerateSerializer, Immutable, Alias("wf.RedemptionRequest")]
public sealed record RedemptionRequest(
    [property: Id(0)] string WalletId,
    [property: Id(1)] string? CustomerId,
    [property: Id(2)] string? PlanId,
    [property: Id(3)] bool NewSubscription);

/// <summary>
/// What a campaign has given, and what became of it: <see cref="Burned"/> (drawn by debits and captured holds)
/// and <see cref="Expired"/> (unused at expiry) come from the redeeming wallets' journals
/// (<see cref="CampaignUsage"/>), and are null where only the campaign's own record was read.
/// </summary>
[GenerateSerializer, Immutable, Alias("wf.CampaignStatistics")]
public sealed record CampaignStatistics(
    [property: Id(0)] int Redemptions,
    [property: Id(1)] long Redeemed,
    [property: Id(2)] long? Burned,
    [property: Id(3)] long? Expired);

public readonly record struct RedemptionResult(Redemption? Redemption, bool Replayed, Refusal? Refusal);
