using Waterfall.Api.V1;

namespace Waterfall.Client;

/// <summary>Invoices: list and read them (read key), issue a draft or void one (admin key).</summary>
public sealed partial class WaterfallClient
{
    private InvoiceService.InvoiceServiceClient Invoices => new(_connection);

    /// <summary>The tenant's invoices, oldest first; only <paramref name="customerId"/>'s when given.</summary>
    public async Task<IReadOnlyList<Invoice>> ListInvoicesAsync(string? customerId = null, CancellationToken cancellationToken = default) =>
        (await Call((o, r) => Invoices.ListInvoicesAsync(r, o), new ListInvoicesRequest { CustomerId = customerId ?? "" }, cancellationToken)).Invoices;

    public Task<Invoice> GetInvoiceAsync(string invoiceId, CancellationToken cancellationToken = default) =>
        Call((o, r) => Invoices.GetInvoiceAsync(r, o), new GetInvoiceRequest { InvoiceId = invoiceId }, cancellationToken);

    public Task<Invoice> IssueInvoiceAsync(string invoiceId, CancellationToken cancellationToken = default) =>
        Call((o, r) => Invoices.IssueInvoiceAsync(r, o), new IssueInvoiceRequest { InvoiceId = invoiceId }, cancellationToken);

    public Task<Invoice> VoidInvoiceAsync(string invoiceId, string? reason = null, CancellationToken cancellationToken = default) =>
        Call((o, r) => Invoices.VoidInvoiceAsync(r, o), new VoidInvoiceRequest { InvoiceId = invoiceId, Reason = reason ?? "" }, cancellationToken);
}
