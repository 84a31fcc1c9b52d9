using Waterfall.Domain.Billing;

namespace Waterfall.Domain.Invoices;

/// <summary>
/// A subscription's bill for one period. Built as a draft when the period closes; <see cref="Number"/> is
/// given when it is issued (from the tenant's gapless sequence), and from then on only its status changes.
/// Amounts in nano-dollars.
/// </summary>
/// <param name="Id">Unique within the tenant and derived from customer, subscription and period, so closing a period twice builds one invoice.</param>
/// <param name="Total">The sum of the lines.</param>
/// <param name="RefillsInvoiced">Auto-refills of the period billed on this invoice (its <see cref="InvoiceBuilder.RefillsMetric"/> line); already owed in the ledger since each refill.</param>
/// <param name="Payment">The x402 payment held for it or that paid it (see <see cref="InvoicePayment"/>).</param>
/// <param name="OverageInvoiced">The overage the wallet accrued in the period (catalog-rated); issuing the invoice takes it off the wallet's accrual.</param>
/// <param name="Interim">0 for a period's closing invoice; k for its k-th interim invoice (progressive billing), which bills the overage accrued so far.</param>
/// <param name="InterimBilled">On a closing invoice: what the period's interim invoices billed already, taken off its amount due.</param>
[GenerateSerializer, Immutable, Alias("wf.Invoice")]
public sealed record Invoice(
    [property: Id(0)] string Id,
    [property: Id(1)] string? Number,
    [property: Id(2)] InvoiceStatus Status,
    [property: Id(3)] string CustomerId,
    [property: Id(4)] string SubscriptionId,
    [property: Id(5)] string WalletId,
    [property: Id(6)] string PlanId,
    [property: Id(7)] int PlanVersion,
    [property: Id(8)] BillingMode BillingMode,
    [property: Id(9)] PeriodSpan Period,
    [property: Id(10)] InvoiceLine[] Lines,
    [property: Id(11)] CreditApplied[] Credits,
    [property: Id(12)] long Total,
    [property: Id(13)] long AmountDue,
    [property: Id(14)] long OverageInvoiced,
    [property: Id(15)] DateTimeOffset CreatedAt,
    [property: Id(16)] DateTimeOffset? IssuedAt = null,
    [property: Id(17)] DateTimeOffset? PaidAt = null,
    [property: Id(18)] DateTimeOffset? VoidedAt = null,
    [property: Id(19)] string? VoidReason = null,
    [property: Id(20)] long RefillsInvoiced = 0,
    [property: Id(21)] int Interim = 0,
    [property: Id(22)] long InterimBilled = 0,
    [property: Id(23)] InvoicePayment? Payment = null)
{
    public const string NumberPrefix = "INV-";

    /// <summary>An interim invoice of progressive billing, not the period's closing one.</summary>
    public bool IsInterim => Interim > 0;

    /// <summary>Where the usage this invoice bills starts: always the period's start (an interim invoice prices from there, less what earlier ones billed).</summary>
    public DateTimeOffset CoversFrom => Period.Start;

    /// <summary>Where it ends: the period's end for a closing invoice; for an interim one the moment it was built.</summary>
    public DateTimeOffset CoversTo => IsInterim ? CreatedAt : Period.End;

    public static string FormatNumber(long n) => $"{NumberPrefix}{n.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)}";

    public static string IdFor(string customerId, string subscriptionId, int period) => $"{customerId}.{subscriptionId}.p{period}";

    public static string InterimIdFor(string customerId, string subscriptionId, int period, int interim) => $"{IdFor(customerId, subscriptionId, period)}.i{interim}";

    /// <summary>Issues a draft under <paramref name="number"/>. Issuing an issued invoice again is a replay.</summary>
    public InvoiceResult Issue(string number, DateTimeOffset now) => Status switch
    {
        InvoiceStatus.Draft => new(this with { Status = InvoiceStatus.Issued, Number = number, IssuedAt = now }, null, false),
        InvoiceStatus.Issued => new(this, null, true),
        _ => Conflict("issue"),
    };

    public InvoiceResult MarkPaid(DateTimeOffset now) => Status switch
    {
        InvoiceStatus.Issued => new(this with { Status = InvoiceStatus.Paid, PaidAt = now }, null, false),
        InvoiceStatus.Paid => new(this, null, true),
        _ => Conflict("mark paid"),
    };

    /// <summary>
    /// Why this invoice cannot take a payment now, or null: only an issued invoice with something due and no
    /// other payment under way can. Asked before anyone signs, and again when the payment arrives.
    /// </summary>
    public Refusal? RefusePayment()
    {
        if (Status != InvoiceStatus.Issued) return Conflict("be paid").Refusal;
        if (AmountDue <= 0)
            return Refusal.Of(InvoiceReasons.InvoiceStateConflict, $"Invoice '{Id}' has nothing due: there is nothing to pay.",
                new Dictionary<string, string> { ["invoice_id"] = Id, ["status"] = "ISSUED" });
        if (Payment is { } pending)
            return Refusal.Of(InvoiceReasons.InvoicePaymentPending, $"Invoice '{Id}' already has a payment settling on chain; it is paid or released when that settles.",
                new Dictionary<string, string> { ["invoice_id"] = Id, ["nonce"] = pending.Nonce });
        return null;
    }

    /// <summary>Holds a verified payment of the amount due (rounded up to a whole USDC unit). The same payment again is a replay.</summary>
    public InvoiceResult HoldPayment(InvoicePayment payment)
    {
        if (Payment is { } held && held.Is(payment.Nonce)) return new(this, null, true);
        if (RefusePayment() is { } refused) return new(null, refused, false);
        var expected = Money.NanoDollars.FromUsdcAtomicUnits(InvoicePayment.UsdcUnitsFor(AmountDue));
        if (payment.AmountNanos != expected)
            return new(null, Refusal.Invalid(new FieldViolation("amount", $"must be the amount due, {expected} nano-dollars")), false);
        return new(this with { Payment = payment }, null, false);
    }

    /// <summary>The held payment settled on chain: the invoice is paid. Recording it again is a replay.</summary>
    public InvoiceResult PaymentSettled(string nonce, string transactionHash, DateTimeOffset now)
    {
        if (Payment is not { } held || !held.Is(nonce))
            return new(null, Refusal.Of(InvoiceReasons.InvoicePaymentNotFound, $"Invoice '{Id}' holds no payment {nonce}.",
                new Dictionary<string, string> { ["invoice_id"] = Id, ["nonce"] = nonce }), false);
        if (held.IsSettled) return new(this, null, true);
        if (Status != InvoiceStatus.Issued) return Conflict("be paid");
        return new(this with { Status = InvoiceStatus.Paid, PaidAt = now, Payment = held with { TransactionHash = transactionHash, SettledAt = now } }, null, false);
    }

    /// <summary>The held payment failed on chain: the invoice is open to be paid again. A payment not held (any more) changes nothing.</summary>
    public InvoiceResult PaymentFailed(string nonce) =>
        Payment is { IsSettled: false } held && held.Is(nonce) ? new(this with { Payment = null }, null, false) : new(this, null, true);

    /// <summary>Voids a draft or an issued invoice (its number stays used: the sequence keeps no gap). A paid one is refunded, not voided.</summary>
    public InvoiceResult Void(string? reason, DateTimeOffset now) => Status switch
    {
        // Money is on its way on chain: voiding now would leave a paid-for invoice void.
        InvoiceStatus.Issued when Payment is { IsSettled: false } pending => new(null, Refusal.Of(InvoiceReasons.InvoicePaymentPending,
            $"Invoice '{Id}' has a payment settling on chain: it cannot be voided until that settles or fails.",
            new Dictionary<string, string> { ["invoice_id"] = Id, ["nonce"] = pending.Nonce }), false),
        InvoiceStatus.Draft or InvoiceStatus.Issued => new(this with { Status = InvoiceStatus.Void, VoidedAt = now, VoidReason = reason }, null, false),
        InvoiceStatus.Void => new(this, null, true),
        _ => Conflict("void"),
    };

    private InvoiceResult Conflict(string action) =>
        new(null, Refusal.Of(InvoiceReasons.InvoiceStateConflict, $"Invoice '{Id}' is {Status.ToString().ToLowerInvariant()}: it cannot {action}.",
            new Dictionary<string, string> { ["invoice_id"] = Id, ["status"] = Status.ToString().ToUpperInvariant() }), false);
}

/// <summary>The invoice after a change, or why it was refused; <see cref="Replayed"/> when it was already so.</summary>
public readonly record struct InvoiceResult(Invoice? Invoice, Refusal? Refusal, bool Replayed);
