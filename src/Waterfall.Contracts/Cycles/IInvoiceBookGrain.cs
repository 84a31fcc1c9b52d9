using Orleans.Concurrency;
using Waterfall.Domain.Invoices;

namespace Waterfall.Contracts.Cycles;

/// <summary>
/// A tenant's invoices (key "tenant"): their numbering and their index. Issuing posts the invoice to its
/// wallet's receivable; voiding takes it back. Every wallet call is keyed by subscription and period.
/// </summary>
[Alias("wf.IInvoiceBookGrain")]
public interface IInvoiceBookGrain : IGrainWithStringKey
{
    /// <summary>Files a period's draft and issues it (the close of a period). Closing the same period again answers the invoice it made.</summary>
    [Alias("Close")] Task<Reply<Invoice>> Close(Invoice draft);

    [Alias("Issue")] Task<Reply<Invoice>> Issue(string invoiceId);

    [Alias("Void")] Task<Reply<Invoice>> Void(string invoiceId, string? reason);

    [Alias("Get"), ReadOnly] Task<Reply<Invoice>> Get(string invoiceId);

    /// <summary>Holds a verified x402 payment of the amount due (the settlement grain, before the payment is queued). The same payment again is a replay.</summary>
    [Alias("HoldPayment")] Task<Reply<Invoice>> HoldPayment(string invoiceId, InvoicePayment payment);

    /// <summary>The held payment settled on chain: the invoice is paid and the payment posted to its wallet (again, on a replay).</summary>
    [Alias("PaymentSettled")] Task<Reply<Invoice>> PaymentSettled(string invoiceId, string nonce, string transactionHash);

    /// <summary>The held payment failed on chain: the invoice may be paid again.</summary>
    [Alias("PaymentFailed")] Task<Reply<Invoice>> PaymentFailed(string invoiceId, string nonce);

    /// <summary>The invoices of a customer (every customer's when null), oldest first.</summary>
    [Alias("List"), ReadOnly] Task<Invoice[]> List(string? customerId);
}

public static class InvoiceGrains
{
    public static IInvoiceBookGrain InvoiceBook(this IGrainFactory grains, string tenantId) => grains.GetGrain<IInvoiceBookGrain>(tenantId);
}
