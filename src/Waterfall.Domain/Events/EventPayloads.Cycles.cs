using System.Text.Json;
using Waterfall.Domain.Billing;
using Waterfall.Domain.Money;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Events;

/// <summary>The payloads of the billing cycle's events (docs/billing.md, docs/events.md).</summary>
public static partial class EventPayloads
{
    public static string InvoiceIssued(string walletId, InvoicePosted e) => Write(w =>
    {
        w.WriteString("wallet_id", walletId);
        w.WriteString("invoice_id", e.InvoiceId);
        if (e.Number is { } number) w.WriteString("number", number);
        WriteAmount(w, "amount_due", e.AmountDue, CreditUnit.Usd);
        if (e.Period is { } period) WritePeriod(w, period);
    });

    public static string SubscriptionRenewed(string walletId, SubscriptionRenewed e) => Write(w =>
    {
        w.WriteString("wallet_id", walletId);
        w.WriteString("subscription_id", e.SubscriptionId);
        w.WriteString("plan_id", e.PlanId);
        w.WriteNumber("plan_version", e.PlanVersion);
        WritePeriod(w, e.Period);
        if (e.ClosedInvoiceId is { } invoice) w.WriteString("closed_invoice_id", invoice);
    });

    /// <summary><c>subscription.started</c> and <c>subscription.canceled</c>; a cancel says when the subscription ends.</summary>
    public static string SubscriptionChanged(string walletId, SubscriptionChanged e) => Write(w =>
    {
        w.WriteString("wallet_id", walletId);
        w.WriteString("subscription_id", e.SubscriptionId);
        w.WriteString("plan_id", e.PlanId);
        w.WriteNumber("plan_version", e.PlanVersion);
        if (e.EndsAt is { } ends) w.WriteString("ends_at", ends);
    });

    private static void WritePeriod(Utf8JsonWriter w, PeriodSpan period)
    {
        w.WriteStartObject("period");
        w.WriteNumber("number", period.Number);
        w.WriteString("start", period.Start);
        w.WriteString("end", period.End);
        w.WriteEndObject();
    }
}
