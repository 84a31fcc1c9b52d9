using Waterfall.Domain.Settlement;

namespace Waterfall.Contracts.Settlement;

/// <summary>
/// What the settlement grain needs from a chain: sign a batch transaction (without sending it, so
/// it can be recorded first), send it, follow its receipt, and read transfers for reconciliation.
/// Implemented over the batching contract and our EVM layer; faked in grain tests.
/// </summary>
public interface ISettlementChain
{
    /// <summary>
    /// Signs one transaction settling <paramref name="items"/> through the batching contract, or, for a single pull
    /// (<see cref="SettlementItem.IsPull"/>), the token's permit or transferFrom sent by the settlement account. With
    /// <paramref name="replacing"/>, it reuses that transaction's account nonce at higher fees.
    /// </summary>
    Task<SignedSettlement> SignAsync(SettlementTarget target, IReadOnlyList<SettlementItem> items, SignedSettlement? replacing, CancellationToken cancellationToken);

    /// <summary>Sends a signed transaction; sending one the node already has is not an error.</summary>
    Task BroadcastAsync(SettlementTarget target, string rawTransaction, CancellationToken cancellationToken);

    /// <summary>The transaction's receipt with per-authorization outcomes, or null while it is not mined.</summary>
    Task<SettlementReceipt?> GetReceiptAsync(SettlementTarget target, string transactionHash, CancellationToken cancellationToken);

    /// <summary>The number of transactions the settlement account has mined (its next nonce on chain).</summary>
    Task<long> GetMinedNonceAsync(SettlementTarget target, CancellationToken cancellationToken);

    /// <summary>
    /// Why a mined transaction reverted, read by replaying it on the block before its own; null when the chain does
    /// not say. Used for a pull, whose failure is the rule's disabled reason.
    /// </summary>
    Task<string?> ExplainRevertAsync(SettlementTarget target, SignedSettlement signed, long blockNumber, CancellationToken cancellationToken) =>
        Task.FromResult<string?>(null);

    Task<IReadOnlyList<ChainTransfer>> GetTransfersToPayeeAsync(SettlementTarget target, long fromBlock, long toBlock, CancellationToken cancellationToken);
}
