namespace Waterfall.Domain.Invoices;

/// <summary>The invoice context's refusal reasons, as they appear on the wire.</summary>
public static class InvoiceReasons
{
    public const string InvoiceNotFound = "INVOICE_NOT_FOUND";
    /// <summary>The invoice's state does not allow the change (e.g. voiding a paid invoice).</summary>
    public const string InvoiceStateConflict = "INVOICE_STATE_CONFLICT";
    /// <summary>Another x402 payment of the invoice is settling on chain: a second one would pay it twice.</summary>
    public const string InvoicePaymentPending = "INVOICE_PAYMENT_PENDING";
    /// <summary>The invoice holds no such payment (a settlement reporting a payment the invoice never took).</summary>
    public const string InvoicePaymentNotFound = "INVOICE_PAYMENT_NOT_FOUND";
}
