namespace Waterfall.Domain.Invoices;

/// <summary>
/// A tenant's invoices and its number sequence. A number is taken only by an invoice that is issued, in
/// the same change that issues it, so the sequence has no gap (a voided invoice keeps its number).
/// Each method answers the book after the change, or why it was refused (and then nothing changed).
/// </summary>
[GenerateSerializer, Immutable, Alias("wf.InvoiceBook")]
public sealed record InvoiceBook([property: Id(0)] long LastNumber, [property: Id(1)] Invoice[] Invoices)
{
    public static readonly InvoiceBook Empty = new(0, []);

    public Invoice? Find(string id) => Invoices.FirstOrDefault(i => i.Id == id);

    /// <summary>Adds a draft; a draft of the same id already in the book is kept as it is (closing a period twice).</summary>
    public (InvoiceBook Book, Invoice Invoice) Add(Invoice draft)
    {
        if (Find(draft.Id) is { } known) return (this, known);
        return (this with { Invoices = [.. Invoices, draft] }, draft);
    }

    public InvoiceBookResult Issue(string id, DateTimeOffset now)
    {
        if (Find(id) is not { } invoice) return NotFound(id);
        var next = LastNumber + 1;
        var result = invoice.Issue(Invoice.FormatNumber(next), now);
        if (result.Refusal is not null || result.Replayed) return new(result.Replayed ? this : null, result.Invoice, result.Refusal, result.Replayed);
        return new(Replace(result.Invoice!) with { LastNumber = next }, result.Invoice, null, false);
    }

    public InvoiceBookResult Void(string id, string? reason, DateTimeOffset now) => Change(id, i => i.Void(reason, now));

    public InvoiceBookResult MarkPaid(string id, DateTimeOffset now) => Change(id, i => i.MarkPaid(now));

    public InvoiceBookResult HoldPayment(string id, InvoicePayment payment) => Change(id, i => i.HoldPayment(payment));

    public InvoiceBookResult PaymentSettled(string id, string nonce, string transactionHash, DateTimeOffset now) =>
        Change(id, i => i.PaymentSettled(nonce, transactionHash, now));

    public InvoiceBookResult PaymentFailed(string id, string nonce) => Change(id, i => i.PaymentFailed(nonce));

    /// <summary>The invoices of one customer (all when null), oldest first.</summary>
    public IEnumerable<Invoice> List(string? customerId) =>
        customerId is null ? Invoices : Invoices.Where(i => i.CustomerId == customerId);

    private InvoiceBookResult Change(string id, Func<Invoice, InvoiceResult> change)
    {
        if (Find(id) is not { } invoice) return NotFound(id);
        var result = change(invoice);
        if (result.Refusal is not null) return new(null, null, result.Refusal, false);
        return result.Replayed ? new(this, invoice, null, true) : new(Replace(result.Invoice!), result.Invoice, null, false);
    }

    private InvoiceBook Replace(Invoice invoice) => this with { Invoices = Invoices.Select(i => i.Id == invoice.Id ? invoice : i).ToArray() };

    public static Refusal NotFoundRefusal(string id) =>
        Refusal.Of(InvoiceReasons.InvoiceNotFound, $"No invoice '{id}'.", new Dictionary<string, string> { ["invoice_id"] = id });

    private static InvoiceBookResult NotFound(string id) => new(null, null, NotFoundRefusal(id), false);
}

/// <summary>The book and invoice after a change, or why it was refused; <see cref="Replayed"/>: the invoice was already so.</summary>
public readonly record struct InvoiceBookResult(InvoiceBook? Book, Invoice? Invoice, Refusal? Refusal, bool Replayed);
