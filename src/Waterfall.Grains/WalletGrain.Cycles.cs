using Waterfall.Contracts;
using Waterfall.Contracts.Cycles;
using Waterfall.Domain.Grants;
using D = Waterfall.Domain.Wallets;

namespace Waterfall.Grains;

public sealed partial class WalletGrain : IWalletCyclesGrain
{
    public Task<Reply<RolloverReceipt>> RollOverGrant(string idempotencyKey, string sourceGrant, long maxCarry, DateTimeOffset carryExpiresAt) =>
        Handle(new D.RollOverGrant(idempotencyKey, new GrantId(sourceGrant), maxCarry, carryExpiresAt),
            static (w, c, now) => w.RollOver(c, now),
            static r => new RolloverReceipt(r.Sequence, r.Source.Value, r.Remainder, r.Carried, r.Carry?.Value));

    public Task<Reply<InvoicePostedReceipt>> PostInvoice(string idempotencyKey, string invoiceId, long amountDue, long flatFees, long overageInvoiced, bool @void, long refillsInvoiced,
        string? number = null, Domain.Billing.PeriodSpan? period = null) =>
        Handle(new D.PostInvoice(idempotencyKey, invoiceId, amountDue, flatFees, overageInvoiced, @void, refillsInvoiced, number, period),
            static (w, c, now) => w.PostInvoice(c, now),
            static r => new InvoicePostedReceipt(r.Sequence, r.InvoiceId, r.AccruedOverage));

    public Task<Reply<ForfeitReceipt>> ForfeitPlanCredits(string idempotencyKey, DateTimeOffset boundary) =>
        Handle(new D.ForfeitPlanCredits(idempotencyKey, boundary),
            static (w, c, now) => w.ForfeitPlanCredits(c, now),
            static r => new ForfeitReceipt(r.Sequence, [.. r.Forfeited.Select(f => new ForfeitedGrant(f.Grant.Value, f.Amount.Value, f.Amount.Unit.Code))]));

    public Task<Reply<SubscriptionChangeRecorded>> RecordSubscriptionChange(string idempotencyKey, string subscriptionId, string planId, int planVersion,
        D.SubscriptionChange change, DateTimeOffset? endsAt) =>
        Handle(new D.RecordSubscriptionChange(idempotencyKey, subscriptionId, planId, planVersion, change, endsAt),
            static (w, c, now) => w.RecordSubscriptionChange(c, now),
            static r => new SubscriptionChangeRecorded(r.Sequence));

    public Task<Reply<RenewalRecorded>> RecordRenewal(string idempotencyKey, string subscriptionId, string planId, int planVersion, Domain.Billing.PeriodSpan period, string? closedInvoiceId) =>
        Handle(new D.RecordRenewal(idempotencyKey, subscriptionId, planId, planVersion, period, closedInvoiceId),
            static (w, c, now) => w.RecordRenewal(c, now),
            static r => new RenewalRecorded(r.Sequence, r.SubscriptionId, r.Period));

    public Task<Reply<InvoicePaidReceipt>> RecordInvoicePayment(InvoicePaymentPosting p) =>
        Handle(new D.RecordInvoicePayment(p.IdempotencyKey, p.InvoiceId, p.InvoiceNumber, p.AmountDue, p.AmountPaid, p.TransactionHash, p.Payer, p.Network),
            static (w, c, now) => w.RecordInvoicePayment(c, now),
            static r => new InvoicePaidReceipt(r.Sequence, r.InvoiceId, r.AmountPaid, r.TransactionHash));

    /// <summary>
    /// Whether a change accrued overage, whichever command decided it (debit, batch, capture): progressive
    /// billing must hear of every accrual, so it is read off the decided events rather than each command's receipt.
    /// </summary>
    private static bool AccruesOverage(IReadOnlyList<D.WalletEvent> decided)
    {
        foreach (var @event in decided)
            if (@event is D.Debited { Coverage.Overage: > 0 } or D.HoldCaptured { Captured.Overage: > 0 }) return true;
        return false;
    }

    /// <summary>Tells the customer's billing cycle that overage accrued (progressive billing decides there); one-way, never waited on.</summary>
    private void NoteOverage()
    {
        if (_wallet.Settings.CustomerId is { Length: > 0 } customer)
            _ = Contracts.Billing.BillingGrainKeys.Customer(GrainFactory, _wallet.Key.TenantId, customer).OverageAccrued(_wallet.Key.WalletId);
    }
}
