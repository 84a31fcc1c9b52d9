using Waterfall.Contracts;
using Waterfall.Contracts.Settlement;
using Waterfall.Domain.Settlement;
using Waterfall.X402;

namespace Waterfall.TopUps;

/// <summary>
/// A paid top-up: the wallet credit it produced and where its on-chain settlement stands. The credit is
/// usable as soon as the payment verifies; a failed settlement reverses it in the ledger.
/// </summary>
public sealed record TopUp(
    string Nonce,
    string Network,
    string Payer,
    long AmountNanos,
    string? Grant,
    SettlementState State,
    string? TransactionHash,
    string? FailureReason,
    bool Replayed)
{
    public static TopUp From(SettlementStatus status, string network, bool replayed) => new(
        status.Nonce, network, status.Payer, Domain.Money.NanoDollars.FromUsdcAtomicUnits(status.Value), status.Grant,
        status.State, status.TransactionHash, status.FailureReason, replayed);

    /// <summary>The x402 PAYMENT-RESPONSE for this top-up: success once settled, the failure reason once failed.</summary>
    public SettleResponse ToSettleResponse() => State switch
    {
        SettlementState.Settled => SettleResponse.Succeeded(TransactionHash ?? "", Network, Payer),
        SettlementState.Failed => SettleResponse.Failed(ExactEvmScheme.Reasons.TransactionFailed, Network, Payer, TransactionHash ?? "", FailureReason),
        _ => SettleResponse.Failed(ExactEvmScheme.Reasons.SettlementPending, Network, Payer, TransactionHash ?? "", "the credit is in the wallet; settlement on chain is under way"),
    };
}

/// <summary>Either a value or the refusal that explains why there is none.</summary>
public sealed record TopUpAnswer<T>(T? Value, Refusal? Refusal) where T : class
{
    public static implicit operator TopUpAnswer<T>(T value) => new(value, null);
    public static implicit operator TopUpAnswer<T>(Refusal refusal) => new(null, refusal);
}
