using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Waterfall.Domain.Invoices;
using Waterfall.Domain.Money;

namespace Waterfall.FrontDoor.Services.Invoices;

/// <summary>An invoice as a document: JSON (snake_case, exact decimals), CSV (one row per line) and a printable HTML page.</summary>
public static class InvoiceDocuments
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static JsonSerializerOptions JsonOptions => Json;

    public const string CsvHeader =
        "invoice_id,number,status,customer_id,subscription_id,period_start,period_end,billing_mode,metric,pricing,usage,quantity,unit_price,amount,amount_usd,amount_due";

    /// <summary>One row per invoice line (an invoice without lines still has a row, for its amount due).</summary>
    public static string Csv(IEnumerable<Invoice> invoices)
    {
        var csv = new StringBuilder(CsvHeader).Append('\n');
        foreach (var i in invoices)
        {
            var lines = i.Lines.Length > 0 ? i.Lines.Cast<InvoiceLine?>() : [(InvoiceLine?)null];
            foreach (var l in lines)
            {
                csv.AppendJoin(',',
                    Field(i.Id), Field(i.Number ?? ""), i.Status.ToString().ToLowerInvariant(), Field(i.CustomerId), Field(i.SubscriptionId),
                    i.Period.Start.ToString("O", CultureInfo.InvariantCulture), i.Period.End.ToString("O", CultureInfo.InvariantCulture),
                    i.BillingMode.ToString().ToUpperInvariant(),
                    Field(l?.Metric ?? ""), l?.PricingName() ?? "", InvoiceMapping.Text(l?.Usage), InvoiceMapping.Text(l?.Quantity),
                    InvoiceMapping.Text(l?.UnitPrice), (l?.Amount ?? 0).ToString(CultureInfo.InvariantCulture), Usd(l?.Amount ?? 0),
                    i.AmountDue.ToString(CultureInfo.InvariantCulture));
                csv.Append('\n');
            }
        }
        return csv.ToString();
    }

    public static string Html(Invoice i)
    {
        static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Invoice ").Append(E(i.Number ?? i.Id)).Append("</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto}table{width:100%;border-collapse:collapse}")
            .Append("th,td{border-bottom:1px solid #ccc;padding:.3rem;text-align:left}td.n{text-align:right}@media print{a{display:none}}</style></head><body>")
            .Append("<h1>Invoice ").Append(E(i.Number ?? "(draft)")).Append("</h1>")
            .Append("<p>Status: ").Append(E(i.Status.ToString().ToLowerInvariant())).Append("<br>Customer: ").Append(E(i.CustomerId))
            .Append("<br>Subscription: ").Append(E(i.SubscriptionId)).Append(" (plan ").Append(E(i.PlanId)).Append(" v").Append(i.PlanVersion)
            .Append(", ").Append(E(i.BillingMode.ToString().ToUpperInvariant())).Append(")<br>Period ").Append(i.Period.Number).Append(": ")
            .Append(E(i.Period.Start.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))).Append(" to ")
            .Append(E(i.Period.End.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))).Append("</p>")
            .Append("<table><thead><tr><th>Charge</th><th>Pricing</th><th>Usage</th><th>Billed</th><th>Price</th><th class=\"n\">Amount (USD)</th></tr></thead><tbody>");
        foreach (var l in i.Lines)
        {
            var price = l.Tiers.Length > 0
                ? string.Join("; ", l.Tiers.Select(t => $"{InvoiceMapping.Text(t.Quantity)} × {InvoiceMapping.Text(t.UnitPrice)}" + (t.FlatFee != 0 ? $" + {InvoiceMapping.Text(t.FlatFee)}" : "")))
                : InvoiceMapping.Text(l.UnitPrice);
            html.Append("<tr><td>").Append(E(l.Metric)).Append("</td><td>").Append(E(l.PricingName())).Append("</td><td>").Append(E(InvoiceMapping.Text(l.Usage)))
                .Append("</td><td>").Append(E(InvoiceMapping.Text(l.Quantity))).Append("</td><td>").Append(E(price))
                .Append("</td><td class=\"n\">").Append(E(Usd(l.Amount))).Append("</td></tr>");
        }
        html.Append("</tbody></table>");
        if (i.Credits.Length > 0)
        {
            html.Append("<h2>Credits applied</h2><ul>");
            foreach (var c in i.Credits)
                html.Append("<li>").Append(E(c.Kind)).Append(": ").Append(E(c.Unit == "usd" ? $"USD {Usd(c.Amount)}" : $"{c.Amount.ToString("N0", CultureInfo.InvariantCulture)} {c.Unit}")).Append("</li>");
            html.Append("</ul>");
        }
        html.Append("<p><strong>Amount due: USD ").Append(E(Usd(i.AmountDue))).Append("</strong></p></body></html>");
        return html.ToString();
    }

    /// <summary>Nano-dollars as USD text, exact (no rounding: an invoice shows what it bills).</summary>
    public static string Usd(long nanoDollars) => NanoDollars.ToUsd(nanoDollars).ToString("0.00#######", CultureInfo.InvariantCulture);

    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
