using Waterfall.Domain.Money;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Events;

/// <summary>The payloads of the invoice events (docs/billing.md, docs/events.md).</summary>
public static partial class EventPayloads
{
    public static string InvoicePaid(string walletId, InvoicePaid e) => Write(w =>
    {
        w.WriteString("wallet_id", walletId);
        w.WriteString("invoice_id", e.InvoiceId);
        if (e.InvoiceNumber is { } number) w.WriteString("invoice_number", number);
        WriteAmount(w, "amount_due", e.AmountDue, CreditUnit.Usd);
        WriteAmount(w, "amount_paid", e.AmountPaid, CreditUnit.Usd);
        w.WriteString("transaction_hash", e.TransactionHash);
        w.WriteString("payer", e.Payer);
        w.WriteString("network", e.Network);
    });
}
