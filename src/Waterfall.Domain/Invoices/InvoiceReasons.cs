namespace Waterfall.Domain.Invoices;

/// <summary>The invoice context's refusal reasons, as they appear on the wire.</summary>
public static class InvoiceReasons
{
    public const string InvoiceNotFound = "INVOICE_NOT_FOUND";
    /// <summary>The invoice's state does not allow the change (e.g. voiding a paid invoice).</summary>
    public const string InvoiceStateConflict = "INVOICE_STATE_CONFLICT";
}
