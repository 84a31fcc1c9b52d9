using Waterfall.Domain.Idempotency;
using Waterfall.Domain.Ledger;

namespace Waterfall.Domain.Wallets;

[GenerateSerializer, Alias("wf.SubscriptionChange")]
public enum SubscriptionChange
{
    Started = 0,
    Canceled = 1,
}

/// <summary>
/// The subscription started or was canceled (<see cref="RecordSubscriptionStep"/>): announced as
/// <c>subscription.started</c> or <c>subscription.canceled</c>, and exists only if the change was recorded.
/// </summary>
/// <param name="EndsAt">For a cancel: when the subscription ends (now, or the end of its period).</param>
public sealed record RecordSubscriptionChange(string IdempotencyKey, string SubscriptionId, string PlanId, int PlanVersion,
    SubscriptionChange Change, DateTimeOffset? EndsAt) : RecordSubscriptionStep(IdempotencyKey, SubscriptionId, PlanId, PlanVersion)
{
    public override TransactionKind Operation => TransactionKind.SubscriptionChanged;

    public override string Fingerprint() =>
        new FingerprintBuilder("subscription-change").Add(SubscriptionId).Add(PlanId).Add(PlanVersion).Add((int)Change).Add(EndsAt).Build();

    internal override CommandEvent Entry(long sequence, DateTimeOffset at) =>
        new SubscriptionChanged(sequence, at, IdempotencyKey, Fingerprint(), SubscriptionId, PlanId, PlanVersion, Change, EndsAt);
}

public sealed record SubscriptionChanged(long Sequence, DateTimeOffset At, string Key, string Fingerprint,
    string SubscriptionId, string PlanId, int PlanVersion, SubscriptionChange Change, DateTimeOffset? EndsAt)
    : CommandEvent(Sequence, At, Key, Fingerprint)
{
    public override TransactionKind Kind => TransactionKind.SubscriptionChanged;
}

public sealed record SubscriptionChangeReceipt(long Sequence, string SubscriptionId, SubscriptionChange Change) : Receipt(Sequence);
