namespace Waterfall.Contracts.Cycles;

/// <summary>
/// What the billing cycle asks of a wallet at a period boundary: roll an expired grant's remainder on,
/// and post the period's invoice. The same grain as <see cref="IWalletGrain"/> (same key), seen through
/// the cycle's own interface so the wallet's public contract does not grow with it.
/// </summary>
[Alias("wf.IWalletCyclesGrain")]
public interface IWalletCyclesGrain : IGrainWithStringKey
{
    /// <summary>Carries at most <paramref name="maxCarry"/> of the expired <paramref name="sourceGrant"/>'s remainder into a new grant expiring at <paramref name="carryExpiresAt"/>.</summary>
    [Alias("RollOverGrant")] Task<Reply<RolloverReceipt>> RollOverGrant(string idempotencyKey, string sourceGrant, long maxCarry, DateTimeOffset carryExpiresAt);

    /// <summary>Posts an issued invoice to the receivable (and resets the period's overage accrual), or takes a voided one back.</summary>
    [Alias("PostInvoice")] Task<Reply<InvoicePostedReceipt>> PostInvoice(string idempotencyKey, string invoiceId, long amountDue, long flatFees, long overageInvoiced, bool @void, long refillsInvoiced,
        string? number = null, Domain.Billing.PeriodSpan? period = null);

    /// <summary>Gives up the wallet's unused plan credits at the boundary a canceled subscription ended at (its plan's <c>on_cancel = forfeit</c>).</summary>
    [Alias("ForfeitPlanCredits")] Task<Reply<ForfeitReceipt>> ForfeitPlanCredits(string idempotencyKey, DateTimeOffset boundary);

    /// <summary>Records that the subscription continues into <paramref name="period"/> (announced as <c>subscription.renewed</c>).</summary>
    /// <summary>Records that the subscription started or was canceled (announced as <c>subscription.started</c> / <c>subscription.canceled</c>).</summary>
    [Alias("RecordSubscriptionChange")] Task<Reply<SubscriptionChangeRecorded>> RecordSubscriptionChange(string idempotencyKey, string subscriptionId, string planId, int planVersion,
        Domain.Wallets.SubscriptionChange change, DateTimeOffset? endsAt);

    [Alias("RecordRenewal")] Task<Reply<RenewalRecorded>> RecordRenewal(string idempotencyKey, string subscriptionId, string planId, int planVersion, Domain.Billing.PeriodSpan period, string? closedInvoiceId);

    /// <summary>Posts an invoice's payment settled on chain: treasury ← receivable.</summary>
    [Alias("RecordInvoicePayment")] Task<Reply<InvoicePaidReceipt>> RecordInvoicePayment(InvoicePaymentPosting payment);
}

/// <param name="Forfeited">Each grant given up and how much of it (in its unit).</param>
[GenerateSerializer, Immutable, Alias("wf.ForfeitReceipt")]
public sealed record ForfeitReceipt([property: Id(0)] long Sequence, [property: Id(1)] ForfeitedGrant[] Forfeited);

[GenerateSerializer, Immutable, Alias("wf.SubscriptionChangeRecorded")]
public sealed record SubscriptionChangeRecorded([property: Id(0)] long Sequence);

[GenerateSerializer, Immutable, Alias("wf.RenewalRecorded")]
public sealed record RenewalRecorded([property: Id(0)] long Sequence, [property: Id(1)] string SubscriptionId, [property: Id(2)] int Period);

[GenerateSerializer, Immutable, Alias("wf.ForfeitedGrant")]
public sealed record ForfeitedGrant([property: Id(0)] string Grant, [property: Id(1)] long Amount, [property: Id(2)] string Unit);

/// <summary>An invoice payment settled on chain, as the invoice book posts it to the invoice's wallet.</summary>
[GenerateSerializer, Immutable, Alias("wf.InvoicePaymentPosting")]
public sealed record InvoicePaymentPosting(
    [property: Id(0)] string IdempotencyKey,
    [property: Id(1)] string InvoiceId,
    [property: Id(2)] string? InvoiceNumber,
    [property: Id(3)] long AmountDue,
    [property: Id(4)] long AmountPaid,
    [property: Id(5)] string TransactionHash,
    [property: Id(6)] string Payer,
    [property: Id(7)] string Network);

[GenerateSerializer, Immutable, Alias("wf.InvoicePaidReceipt")]
public sealed record InvoicePaidReceipt([property: Id(0)] long Sequence, [property: Id(1)] string InvoiceId, [property: Id(2)] long AmountPaid, [property: Id(3)] string TransactionHash);

[GenerateSerializer, Immutable, Alias("wf.RolloverReceipt")]
public sealed record RolloverReceipt(
    [property: Id(0)] long Sequence,
    [property: Id(1)] string Source,
    [property: Id(2)] long Remainder,
    [property: Id(3)] long Carried,
    [property: Id(4)] string? Carry);

[GenerateSerializer, Immutable, Alias("wf.InvoicePostedReceipt")]
public sealed record InvoicePostedReceipt([property: Id(0)] long Sequence, [property: Id(1)] string InvoiceId, [property: Id(2)] long AccruedOverage);

public static class WalletCyclesGrains
{
    public static IWalletCyclesGrain WalletCycles(this IGrainFactory grains, string tenantId, string walletId) =>
        grains.GetGrain<IWalletCyclesGrain>(WalletGrainKey.For(tenantId, walletId));
}
