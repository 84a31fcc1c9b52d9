using Waterfall.Domain.Invoices;
using Waterfall.Domain.Settlement;
using Waterfall.X402;

namespace Waterfall.TopUps;

/// <summary>
/// An invoice paid (or being paid) over x402: the invoice as it stands and where its payment's settlement
/// is. The invoice is <c>paid</c> once the settlement is; <see cref="Replayed"/> when this payment had been
/// offered before and nothing new was taken.
/// </summary>
public sealed record InvoicePaymentResult(Invoice Invoice, SettlementStatus Settlement, string Network, bool Replayed)
{
    /// <summary>The x402 PAYMENT-RESPONSE, as for a top-up of the same payment.</summary>
    public SettleResponse ToSettleResponse() => TopUp.From(Settlement, Network, Replayed).ToSettleResponse() switch
    {
        { Success: false } pending when Settlement.State is SettlementState.Queued or SettlementState.Submitted =>
            pending with { ErrorMessage = "the invoice is paid once the payment settles on chain; settlement is under way" },
        var response => response,
    };
}
