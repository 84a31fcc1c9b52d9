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
/// Records in the subscription's wallet that the subscription started or was canceled: a journal entry
/// without postings, so that <c>subscription.started</c> and <c>subscription.canceled</c> are announced
/// from the ledger's outbox like every other event, and exist only if the change was recorded.
/// </summary>
/// <param name="EndsAt">For a cancel: when the subscription ends (now, or the end of its period).</param>
public sealed record RecordSubscriptionChange(string IdempotencyKey, string SubscriptionId, string PlanId, int PlanVersion,
    SubscriptionChange Change, DateTimeOffset? EndsAt) : WalletCommand(IdempotencyKey)
{
    public override TransactionKind Operation => TransactionKind.SubscriptionChanged;

    public override string Fingerprint() =>
        new FingerprintBuilder("subscription-change").Add(SubscriptionId).Add(PlanId).Add(PlanVersion).Add((int)Change).Add(EndsAt).Build();
}

public sealed record SubscriptionChanged(long Sequence, DateTimeOffset At, string Key, string Fingerprint,
    string SubscriptionId, string PlanId, int PlanVersion, SubscriptionChange Change, DateTimeOffset? EndsAt)
    : CommandEvent(Sequence, At, Key, Fingerprint)
{
    public override TransactionKind Kind => TransactionKind.SubscriptionChanged;
}

public sealed record SubscriptionChangeReceipt(long Sequence, string SubscriptionId, SubscriptionChange Change) : Receipt(Sequence);

public sealed partial class Wallet
{
    public Outcome<SubscriptionChangeReceipt> RecordSubscriptionChange(RecordSubscriptionChange command, DateTimeOffset now)
    {
        if (Admit<SubscriptionChangeReceipt>(command) is { } early) return early;
        if (!Identifier.IsValid(command.SubscriptionId)) return Refusal.Invalid(new FieldViolation("subscription_id", "must be 1-128 characters of letters, digits and . _ : -"));
        return Accept<SubscriptionChangeReceipt>(new SubscriptionChanged(Sequence + 1, now, command.IdempotencyKey, command.Fingerprint(),
            command.SubscriptionId, command.PlanId, command.PlanVersion, command.Change, command.EndsAt));
    }

    private static SubscriptionChangeReceipt ApplySubscriptionChanged(SubscriptionChanged e) => new(e.Sequence, e.SubscriptionId, e.Change);
}
