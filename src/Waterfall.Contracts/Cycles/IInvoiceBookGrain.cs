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

    /// <summary>The invoices of a customer (every customer's when null), oldest first.</summary>
    [Alias("List"), ReadOnly] Task<Invoice[]> List(string? customerId);
}

public static class InvoiceGrains
{
    public static IInvoiceBookGrain InvoiceBook(this IGrainFactory grains, string tenantId) => grains.GetGrain<IInvoiceBookGrain>(tenantId);
}
