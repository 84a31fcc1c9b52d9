namespace Waterfall.Contracts;

// The serializable mirror of the domain's value types. Each is a thin record; the mapping to
// and from the domain lives in ContractMapping.

[GenerateSerializer, Immutable, Alias("wf.Amount")]
public sealed record Amount([property: Id(0)] long Value, [property: Id(1)] string Unit);

[GenerateSerializer, Immutable, Alias("wf.ChargeContext")]
public sealed record ChargeContext([property: Id(0)] string? Metric, [property: Id(1)] string? Model, [property: Id(2)] string? Provider);

[GenerateSerializer, Immutable, Alias("wf.RatedLine")]
public sealed record RatedLine([property: Id(0)] int Component, [property: Id(1)] long Tokens, [property: Id(2)] decimal UnitPrice);

[GenerateSerializer, Immutable, Alias("wf.RatedUsage")]
public sealed record RatedUsage(
    [property: Id(0)] string Model,
    [property: Id(1)] string Provider,
    [property: Id(2)] RatedLine[] Lines,
    [property: Id(3)] bool Batch,
    [property: Id(4)] string? Tier,
    [property: Id(5)] int? PricingVersion = null);

/// <summary>Either an amount (with its context) or a rated usage.</summary>
[GenerateSerializer, Immutable, Alias("wf.Charge")]
public sealed record Charge(
    [property: Id(0)] Amount? Amount,
    [property: Id(1)] ChargeContext? Context,
    [property: Id(2)] RatedUsage? Usage,
    [property: Id(3)] string? Metric);

[GenerateSerializer, Immutable, Alias("wf.Attribution")]
public sealed record Attribution(
    [property: Id(0)] string? CustomerId = null,
    [property: Id(1)] string? AgentId = null,
    [property: Id(2)] string? RequestId = null,
    [property: Id(3)] string? Model = null,
    [property: Id(4)] string? Provider = null,
    [property: Id(5)] long? InputTokens = null,
    [property: Id(6)] long? OutputTokens = null,
    [property: Id(7)] string? Payer = null,
    [property: Id(8)] string? Network = null,
    [property: Id(9)] string? TransactionHash = null,
    [property: Id(10)] string? EndUser = null);

[GenerateSerializer, Immutable, Alias("wf.Draw")]
public sealed record Draw([property: Id(0)] string Grant, [property: Id(1)] string Unit, [property: Id(2)] long Amount);

[GenerateSerializer, Immutable, Alias("wf.Coverage")]
public sealed record Coverage(
    [property: Id(0)] Draw[] Draws,
    [property: Id(1)] long TokensCovered,
    [property: Id(2)] decimal ExactCost,
    [property: Id(3)] long MoneyCost,
    [property: Id(4)] long Overage);

[GenerateSerializer, Immutable, Alias("wf.GrantScope")]
public sealed record GrantScope([property: Id(0)] string[] Metrics, [property: Id(1)] string[] Models, [property: Id(2)] string[] Providers);

[GenerateSerializer, Immutable, Alias("wf.GrantTerms")]
public sealed record GrantTerms(
    [property: Id(0)] string Kind,
    [property: Id(1)] Amount Amount,
    [property: Id(2)] int Priority,
    [property: Id(3)] DateTimeOffset? EffectiveAt,
    [property: Id(4)] DateTimeOffset? ExpiresAt,
    [property: Id(5)] GrantScope Scope,
    [property: Id(6)] int SourceKind,
    [property: Id(7)] string? SourceReference,
    [property: Id(8)] decimal? CostBasis);

[GenerateSerializer, Immutable, Alias("wf.WalletSettings")]
public sealed record WalletSettings(
    [property: Id(0)] int BillingMode,
    [property: Id(1)] long OverageLimit,
    [property: Id(2)] long? PerRequestCap,
    [property: Id(3)] long? DailyBudget,
    [property: Id(4)] long? MonthlyBudget,
    [property: Id(5)] string[] AllowedModels,
    [property: Id(6)] string? CustomerId,
    [property: Id(7)] long? LowBalanceThreshold = null);

[GenerateSerializer, Immutable, Alias("wf.FieldViolation")]
public sealed record FieldViolation([property: Id(0)] string Field, [property: Id(1)] string Description);

[GenerateSerializer, Immutable, Alias("wf.Refusal")]
public sealed record Refusal(
    [property: Id(0)] string Reason,
    [property: Id(1)] string Message,
    [property: Id(2)] FieldViolation[] Violations,
    [property: Id(3)] Dictionary<string, string> Metadata);
