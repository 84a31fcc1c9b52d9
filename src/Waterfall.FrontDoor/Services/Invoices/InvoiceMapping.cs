using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Waterfall.Domain.Invoices;
using V1 = Waterfall.Api.V1;

namespace Waterfall.FrontDoor.Services.Invoices;

/// <summary>Domain invoices on the wire (proto), decimals as invariant text so no price passes through a float.</summary>
internal static class InvoiceMapping
{
    public static V1.Invoice ToProto(this Invoice i)
    {
        var proto = new V1.Invoice
        {
            InvoiceId = i.Id,
            Number = i.Number ?? "",
            Status = i.Status switch
            {
                InvoiceStatus.Draft => V1.InvoiceStatus.Draft,
                InvoiceStatus.Issued => V1.InvoiceStatus.Issued,
                InvoiceStatus.Paid => V1.InvoiceStatus.Paid,
                InvoiceStatus.Void => V1.InvoiceStatus.Void,
                _ => V1.InvoiceStatus.Unspecified,
            },
            CustomerId = i.CustomerId,
            SubscriptionId = i.SubscriptionId,
            WalletId = i.WalletId,
            PlanId = i.PlanId,
            PlanVersion = i.PlanVersion,
            BillingMode = i.BillingMode.ToString().ToUpperInvariant(),
            PeriodNumber = i.Period.Number,
            PeriodStart = Timestamp.FromDateTimeOffset(i.Period.Start),
            PeriodEnd = Timestamp.FromDateTimeOffset(i.Period.End),
            Total = i.Total,
            AmountDue = i.AmountDue,
            OverageInvoiced = i.OverageInvoiced,
            CreatedAt = Timestamp.FromDateTimeOffset(i.CreatedAt),
            IssuedAt = Time(i.IssuedAt),
            VoidedAt = Time(i.VoidedAt),
            VoidReason = i.VoidReason ?? "",
            PaidAt = Time(i.PaidAt),
            PaymentNonce = i.Payment?.Nonce ?? "",
            PaymentTransactionHash = i.Payment?.TransactionHash ?? "",
            PaymentPayer = i.Payment?.Payer ?? "",
            Interim = i.Interim,
            IsInterim = i.IsInterim,
            CoversFrom = Timestamp.FromDateTimeOffset(i.CoversFrom),
            CoversTo = Timestamp.FromDateTimeOffset(i.CoversTo),
            InterimBilled = i.InterimBilled,
            RefillsInvoiced = i.RefillsInvoiced,
        };
        proto.Lines.AddRange(i.Lines.Select(ToProto));
        proto.Credits.AddRange(i.Credits.Select(c => new V1.CreditApplied { Kind = c.Kind, Unit = c.Unit, Amount = c.Amount }));
        return proto;
    }

    public static string PricingName(this InvoiceLine line) => line.Pricing switch
    {
        Domain.Plans.PricingKind.PerUnit => "per_unit",
        _ => line.Pricing.ToString().ToLowerInvariant(),
    };

    public static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Text(decimal? value) => value is { } v ? Text(v) : "";

    private static V1.InvoiceLine ToProto(InvoiceLine l)
    {
        var line = new V1.InvoiceLine
        {
            Metric = l.Metric,
            Pricing = l.PricingName(),
            Usage = Text(l.Usage),
            Quantity = Text(l.Quantity),
            UnitPrice = Text(l.UnitPrice),
            ExactAmount = Text(l.ExactAmount),
            Amount = l.Amount,
            Description = l.Description,
        };
        line.Tiers.AddRange(l.Tiers.Select(t => new V1.TierApplied
        {
            From = Text(t.From), UpTo = Text(t.UpTo), Quantity = Text(t.Quantity), UnitPrice = Text(t.UnitPrice), FlatFee = Text(t.FlatFee), Amount = Text(t.Amount),
        }));
        return line;
    }

    private static Timestamp? Time(DateTimeOffset? time) => time is { } t ? Timestamp.FromDateTimeOffset(t) : null;
}
