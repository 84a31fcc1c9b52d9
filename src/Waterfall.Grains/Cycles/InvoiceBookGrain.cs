using Waterfall.Contracts;
using Waterfall.Contracts.Cycles;
using Waterfall.Domain.Invoices;
using Waterfall.Domain.Plans;
using Waterfall.Grains.Billing;

namespace Waterfall.Grains.Cycles;

/// <summary>
/// A tenant's invoices: the domain <see cref="InvoiceBook"/> decides (numbers, states), this grain stores
/// the decision first and then posts it to the invoice's wallet under a key naming subscription and period,
/// so a retry after a crash posts it once. Not reentrant: one number at a time, without gaps.
/// </summary>
public sealed partial class InvoiceBookGrain(
    [PersistentState("invoices")] IPersistentState<StateCell<InvoiceBook>> state,
    WalletClock clock) : Grain, IInvoiceBookGrain
{
    private InvoiceBook Book => state.State.Value ?? InvoiceBook.Empty;

    private string TenantId => this.GetPrimaryKeyString();

    public async Task<Reply<Invoice>> Close(Invoice draft)
    {
        var (filed, invoice) = Book.Add(draft);
        if (!ReferenceEquals(filed, Book)) await state.Put(filed);
        return invoice.Status == InvoiceStatus.Draft ? await Issue(invoice.Id) : (await Posted(invoice)) with { Replayed = true };
    }

    public async Task<Reply<Invoice>> Issue(string invoiceId)
    {
        var result = Book.Issue(invoiceId, clock.Now);
        if (result.Refusal is { } refusal) return ContractMapping.Refused<Invoice>(refusal);
        if (!result.Replayed) await state.Put(result.Book!);
        var posted = await Posted(result.Invoice!);
        return posted with { Replayed = result.Replayed };
    }

    public async Task<Reply<Invoice>> Void(string invoiceId, string? reason)
    {
        var before = Book.Find(invoiceId);
        var result = Book.Void(invoiceId, reason, clock.Now);
        if (result.Refusal is { } refusal) return ContractMapping.Refused<Invoice>(refusal);
        if (!result.Replayed) await state.Put(result.Book!);
        // A voided draft was never posted; a voided issued invoice takes its amount back off the receivable.
        var wasPosted = before?.Status == InvoiceStatus.Issued || before?.IssuedAt is not null;
        if (wasPosted)
        {
            var invoice = result.Invoice!;
            var reversed = await GrainFactory.WalletCycles(TenantId, invoice.WalletId)
                .PostInvoice(Key(invoice, "void"), invoice.Id, invoice.AmountDue, FlatFees(invoice), invoice.OverageInvoiced, @void: true, invoice.RefillsInvoiced);
            if (reversed.Refusal is { } failed) return new(null, failed, false);
        }
        return new(result.Invoice, null, result.Replayed);
    }

    public Task<Reply<Invoice>> Get(string invoiceId) =>
        Task.FromResult(Book.Find(invoiceId) is { } invoice
            ? new Reply<Invoice>(invoice, null, false)
            : ContractMapping.Refused<Invoice>(InvoiceBook.NotFoundRefusal(invoiceId)));

    public Task<Invoice[]> List(string? customerId) => Task.FromResult(Book.List(customerId).ToArray());

    /// <summary>Posts an issued invoice to its wallet (again: the wallet answers a replay).</summary>
    private async Task<Reply<Invoice>> Posted(Invoice invoice)
    {
        if (invoice.IssuedAt is null) return new(invoice, null, false);
        var posted = await GrainFactory.WalletCycles(TenantId, invoice.WalletId)
            .PostInvoice(Key(invoice, "invoice"), invoice.Id, invoice.AmountDue, FlatFees(invoice), invoice.OverageInvoiced, @void: false, invoice.RefillsInvoiced,
                invoice.Number, invoice.Period);
        return posted.Refusal is { } failed ? new(null, failed, false) : new(invoice, null, false);
    }

    private static long FlatFees(Invoice invoice) => invoice.Lines.Where(l => l.Pricing == PricingKind.Flat).Sum(l => l.Amount);

    private static string Key(Invoice invoice, string step) =>
        invoice.Interim > 0 ? $"{invoice.SubscriptionId}:p{invoice.Period.Number}:i{invoice.Interim}:{step}" : $"{invoice.SubscriptionId}:p{invoice.Period.Number}:{step}";
}
