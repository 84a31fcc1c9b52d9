namespace Waterfall.Domain.Wallets;

/// <summary>
/// Records a step of a subscription's life in its wallet (started, canceled, renewed into a new period): a
/// journal entry without postings, so the step is announced from the ledger's outbox like every other event
/// and exists only if it was recorded. Every kind is admitted and checked alike; each kind keeps its own
/// entry type, fingerprint and receipt, because journals and key tables already hold them.
/// </summary>
public abstract record RecordSubscriptionStep(string IdempotencyKey, string SubscriptionId, string PlanId, int PlanVersion)
    : WalletCommand(IdempotencyKey)
{
    /// <summary>The journal entry this step writes as the wallet's <paramref name="sequence"/>th.</summary>
    internal abstract CommandEvent Entry(long sequence, DateTimeOffset at);
}

public sealed partial class Wallet
{
    public Outcome<RenewalReceipt> RecordRenewal(RecordRenewal command, DateTimeOffset now) => RecordStep<RenewalReceipt>(command, now);

    public Outcome<SubscriptionChangeReceipt> RecordSubscriptionChange(RecordSubscriptionChange command, DateTimeOffset now) =>
        RecordStep<SubscriptionChangeReceipt>(command, now);

    private Outcome<TReceipt> RecordStep<TReceipt>(RecordSubscriptionStep command, DateTimeOffset now) where TReceipt : Receipt
    {
        if (Admit<TReceipt>(command) is { } early) return early;
        if (!Identifier.IsValid(command.SubscriptionId)) return Refusal.Invalid(new FieldViolation("subscription_id", "must be 1-128 characters of letters, digits and . _ : -"));
        return Accept<TReceipt>(command.Entry(Sequence + 1, now));
    }

    private static RenewalReceipt ApplyRenewed(SubscriptionRenewed e) => new(e.Sequence, e.SubscriptionId, e.Period.Number);

    private SubscriptionChangeReceipt ApplySubscriptionChanged(SubscriptionChanged e)
    {
        FoldBilling(e);
        return new(e.Sequence, e.SubscriptionId, e.Change);
    }
}
