namespace Waterfall.Contracts;

[GenerateSerializer, Immutable, Alias("wf.Balance")]
public sealed record Balance([property: Id(0)] string Unit, [property: Id(1)] long Total, [property: Id(2)] long Held, [property: Id(3)] long Available);

[GenerateSerializer, Immutable, Alias("wf.GrantView")]
public sealed record GrantView(
    [property: Id(0)] string Id,
    [property: Id(1)] GrantTerms Terms,
    [property: Id(2)] long Remaining,
    [property: Id(3)] long Held,
    [property: Id(4)] DateTimeOffset GrantedAt);

[GenerateSerializer, Immutable, Alias("wf.HoldView")]
public sealed record HoldView(
    [property: Id(0)] string Id,
    [property: Id(1)] Coverage Reserved,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] DateTimeOffset ExpiresAt,
    [property: Id(4)] Attribution Attribution);

[GenerateSerializer, Immutable, Alias("wf.WalletView")]
public sealed record WalletView(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string WalletId,
    [property: Id(2)] long Sequence,
    [property: Id(3)] WalletSettings Settings,
    [property: Id(4)] long AccruedOverage,
    [property: Id(5)] Balance[] Balances,
    [property: Id(6)] GrantView[] Grants,
    [property: Id(7)] HoldView[] Holds,
    [property: Id(9)] Waterfall.Domain.Grants.MetricQuota[] Quotas,
    [property: Id(8)] Waterfall.Domain.Refills.RefillState? Refill = null);

[GenerateSerializer, Immutable, Alias("wf.Posting")]
public sealed record Posting(
    [property: Id(0)] string Account,
    [property: Id(1)] string Unit,
    [property: Id(2)] long Amount,
    [property: Id(3)] string? Grant,
    [property: Id(4)] string? Hold);

[GenerateSerializer, Immutable, Alias("wf.LedgerTransaction")]
public sealed record LedgerTransaction(
    [property: Id(0)] long Sequence,
    [property: Id(1)] string Kind,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string? IdempotencyKey,
    [property: Id(4)] Posting[] Postings,
    [property: Id(5)] Attribution Attribution);

[GenerateSerializer, Immutable, Alias("wf.LedgerPage")]
public sealed record LedgerPage([property: Id(0)] LedgerTransaction[] Transactions, [property: Id(1)] long? NextAfterSequence);
