using Waterfall.Domain.Billing;
using Waterfall.Domain.Idempotency;
using Waterfall.Domain.Ledger;

namespace Waterfall.Domain.Wallets;

/// <summary>
/// The subscription continues into <see cref="Period"/> (<see cref="RecordSubscriptionStep"/>): announced as
/// <c>subscription.renewed</c>, and exists only if the boundary was recorded.
/// </summary>
/// <param name="ClosedInvoiceId">The invoice of the period just closed.</param>
public sealed record RecordRenewal(string IdempotencyKey, string SubscriptionId, string PlanId, int PlanVersion, PeriodSpan Period, string? ClosedInvoiceId)
    : RecordSubscriptionStep(IdempotencyKey, SubscriptionId, PlanId, PlanVersion)
{
    public override TransactionKind Operation => TransactionKind.SubscriptionRenewed;

    public override string Fingerprint() =>
        new FingerprintBuilder("renewal").Add(SubscriptionId).Add(PlanId).Add(PlanVersion).Add(Period.Number).Add(Period.Start).Add(Period.End).Build();

    internal override CommandEvent Entry(long sequence, DateTimeOffset at) =>
        new SubscriptionRenewed(sequence, at, IdempotencyKey, Fingerprint(), SubscriptionId, PlanId, PlanVersion, Period, ClosedInvoiceId);
}

public sealed record SubscriptionRenewed(long Sequence, DateTimeOffset At, string Key, string Fingerprint,
    string SubscriptionId, string PlanId, int PlanVersion, PeriodSpan Period, string? ClosedInvoiceId)
    : CommandEvent(Sequence, At, Key, Fingerprint)
{
    public override TransactionKind Kind => TransactionKind.SubscriptionRenewed;
}

public sealed record RenewalReceipt(long Sequence, string SubscriptionId, int Period) : Receipt(Sequence);
