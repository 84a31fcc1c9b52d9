using Waterfall.Domain.Billing;
using Waterfall.Domain.Idempotency;
using Waterfall.Domain.Ledger;

namespace Waterfall.Domain.Wallets;

/// <summary>
/// Records in the subscription's wallet that the subscription continues into <see cref="Period"/>: a
/// journal entry without postings, so that <c>subscription.renewed</c> is announced from the ledger's
/// outbox like every other event, and exists only if the boundary was recorded.
/// </summary>
/// <param name="ClosedInvoiceId">The invoice of the period just closed.</param>
public sealed record RecordRenewal(string IdempotencyKey, string SubscriptionId, string PlanId, int PlanVersion, PeriodSpan Period, string? ClosedInvoiceId)
    : WalletCommand(IdempotencyKey)
{
    public override TransactionKind Operation => TransactionKind.SubscriptionRenewed;

    public override string Fingerprint() =>
        new FingerprintBuilder("renewal").Add(SubscriptionId).Add(PlanId).Add(PlanVersion).Add(Period.Number).Add(Period.Start).Add(Period.End).Build();
}

public sealed record SubscriptionRenewed(long Sequence, DateTimeOffset At, string Key, string Fingerprint,
    string SubscriptionId, string PlanId, int PlanVersion, PeriodSpan Period, string? ClosedInvoiceId)
    : CommandEvent(Sequence, At, Key, Fingerprint)
{
    public override TransactionKind Kind => TransactionKind.SubscriptionRenewed;
}

public sealed record RenewalReceipt(long Sequence, string SubscriptionId, int Period) : Receipt(Sequence);

public sealed partial class Wallet
{
    public Outcome<RenewalReceipt> RecordRenewal(RecordRenewal command, DateTimeOffset now)
    {
        if (Admit<RenewalReceipt>(command) is { } early) return early;
        if (!Identifier.IsValid(command.SubscriptionId)) return Refusal.Invalid(new FieldViolation("subscription_id", "must be 1-128 characters of letters, digits and . _ : -"));
        return Accept<RenewalReceipt>(new SubscriptionRenewed(Sequence + 1, now, command.IdempotencyKey, command.Fingerprint(),
            command.SubscriptionId, command.PlanId, command.PlanVersion, command.Period, command.ClosedInvoiceId));
    }

    private static RenewalReceipt ApplyRenewed(SubscriptionRenewed e) => new(e.Sequence, e.SubscriptionId, e.Period.Number);
}
