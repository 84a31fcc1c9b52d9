using Waterfall.Contracts;
using Waterfall.Contracts.Cycles;
using Waterfall.Domain.Invoices;
using Waterfall.Domain.Settlement;
using Waterfall.Grains.Billing;

namespace Waterfall.Grains.Cycles;

/// <summary>
/// Paying an invoice over x402, as the settlement grain drives it: a verified payment is held on the invoice
/// (so no second one is taken), then either settles (the invoice is paid, stored first, then posted to its
/// wallet under a key naming the nonce) or fails (the hold is released). Every step is a replay when repeated.
/// </summary>
public sealed partial class InvoiceBookGrain
{
    public async Task<Reply<Invoice>> HoldPayment(string invoiceId, InvoicePayment payment)
    {
        var result = Book.HoldPayment(invoiceId, payment);
        if (result.Refusal is { } refusal) return ContractMapping.Refused<Invoice>(refusal);
        if (!result.Replayed) await state.Put(result.Book!);
        return new(result.Invoice, null, result.Replayed);
    }

    public async Task<Reply<Invoice>> PaymentSettled(string invoiceId, string nonce, string transactionHash)
    {
        var result = Book.PaymentSettled(invoiceId, nonce, transactionHash, clock.Now);
        if (result.Refusal is { } refusal) return ContractMapping.Refused<Invoice>(refusal);
        if (!result.Replayed) await state.Put(result.Book!);
        var invoice = result.Invoice!;
        var payment = invoice.Payment!;
        var posted = await GrainFactory.WalletCycles(TenantId, invoice.WalletId).RecordInvoicePayment(new InvoicePaymentPosting(
            SettlementQueue.InvoicePaidKey(payment.Nonce), invoice.Id, invoice.Number, invoice.AmountDue, payment.AmountNanos,
            transactionHash, payment.Payer, payment.Network));
        return posted.Refusal is { } failed ? new(null, failed, false) : new(invoice, null, result.Replayed);
    }

    public async Task<Reply<Invoice>> PaymentFailed(string invoiceId, string nonce)
    {
        var result = Book.PaymentFailed(invoiceId, nonce);
        if (result.Refusal is { } refusal) return ContractMapping.Refused<Invoice>(refusal);
        if (!result.Replayed) await state.Put(result.Book!);
        return new(result.Invoice, null, result.Replayed);
    }
}
