namespace Waterfall.Domain.Invoices;

/// <summary>An invoice's life: a draft is built at period close, issued (numbered, posted), then paid or voided.</summary>
[GenerateSerializer, Alias("wf.InvoiceStatus")]
public enum InvoiceStatus
{
    Draft = 0,
    Issued = 1,
    Paid = 2,
    Void = 3,
}
