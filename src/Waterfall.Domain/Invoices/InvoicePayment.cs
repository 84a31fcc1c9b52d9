namespace Waterfall.Domain.Invoices;

/// <summary>
/// An x402 payment of an invoice: held on the invoice from the moment it verifies (so no second payment
/// can be taken for it) until it settles on chain (the invoice is then paid) or fails (the hold is released).
/// Keyed by the authorization's nonce: the same payment offered again is the same payment.
/// </summary>
/// <param name="AmountNanos">What the payer transferred (the amount due rounded up to a whole USDC unit).</param>
[GenerateSerializer, Immutable, Alias("wf.InvoicePayment")]
public sealed record InvoicePayment(
    [property: Id(0)] string Nonce,
    [property: Id(1)] string Network,
    [property: Id(2)] string Payer,
    [property: Id(3)] long AmountNanos,
    [property: Id(4)] DateTimeOffset AcceptedAt,
    [property: Id(5)] string? TransactionHash = null,
    [property: Id(6)] DateTimeOffset? SettledAt = null)
{
    public bool IsSettled => SettledAt is not null;

    public bool Is(string nonce) => string.Equals(Nonce, nonce, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The USDC atomic units (6 decimals) that pay <paramref name="amountDue"/> nano-dollars: rounded up, because
    /// an invoice paid by less than it says is not paid; the part below one unit (under USD 0.000001) is revenue.
    /// </summary>
    public static long UsdcUnitsFor(long amountDue) =>
        amountDue / Money.NanoDollars.PerUsdcAtomicUnit + (amountDue % Money.NanoDollars.PerUsdcAtomicUnit == 0 ? 0 : 1);
}
