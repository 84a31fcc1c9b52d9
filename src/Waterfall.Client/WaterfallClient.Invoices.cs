using Waterfall.Api.V1;

namespace Waterfall.Client;

/// <summary>Invoices: list and read them (read key), issue a draft or void one (admin key), pay one in USDC over x402 (meter key).</summary>
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

    /// <summary>The x402 requirements for the invoice's amount due (sign one with any x402 client); only <paramref name="network"/>'s when given.</summary>
    public Task<TopUpRequirements> GetInvoicePaymentRequirementsAsync(string invoiceId, string? network = null, CancellationToken cancellationToken = default) =>
        Call((o, r) => Invoices.GetInvoicePaymentRequirementsAsync(r, o),
            new GetInvoicePaymentRequirementsRequest { InvoiceId = invoiceId, Network = network ?? "" }, cancellationToken);

    /// <summary>
    /// Pays the invoice with a signed x402 payment (the PAYMENT-SIGNATURE value). Waits up to <paramref name="wait"/>
    /// (default: the server's) for the settlement; the invoice is paid once <c>State</c> is settled. Sending the same
    /// payment again is safe: it answers the first result and pays nothing twice.
    /// </summary>
    public Task<PayInvoiceResponse> PayInvoiceAsync(string invoiceId, string paymentSignature, TimeSpan? wait = null, CancellationToken cancellationToken = default) =>
        Call((o, r) => Invoices.PayInvoiceAsync(r, o), new PayInvoiceRequest
        {
            InvoiceId = invoiceId,
            PaymentSignature = paymentSignature,
            Wait = wait is { } w ? Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(w) : null,
        }, cancellationToken);
}
