
namespace Waterfall.Contracts.Settlement;

/// <summary>
/// What the settlement grain needs from a chain: sign a batch transaction (without sending it, so
/// it can be recorded first), send it, follow its receipt, and read transfers for reconciliation.
/// Implemented over the batching contract and our EVM layer; faked in grain tests.
/// </summary>
public interface ISettlementChain
{
    /// <summary>
    /// Signs one transaction settling <paramref name="items"/> through the batching contract. With
    /// <paramref name="replacing"/>, it reuses that transaction's account nonce at higher fees.
    /// </summary>
    Task<SignedSettlement> SignAsync(SettlementTarget target, IReadOnlyList<SettlementItem> items, SignedSettlement? replacing, CancellationToken cancellationToken);

    /// <summary>Sends a signed transaction; sending one the node already has is not an error.</summary>
    Task BroadcastAsync(SettlementTarget target, string rawTransaction, CancellationToken cancellationToken);

    /// <summary>The transaction's receipt with per-authorization outcomes, or null while it is not mined.</summary>
    Task<SettlementReceipt?> GetReceiptAsync(SettlementTarget target, string transactionHash, CancellationToken cancellationToken);

    /// <summary>The number of transactions the settlement account has mined (its next nonce on chain).</summary>
    Task<long> GetMinedNonceAsync(SettlementTarget target, CancellationToken cancellationToken);

    Task<IReadOnlyList<ChainTransfer>> GetTransfersToPayeeAsync(SettlementTarget target, long fromBlock, long toBlock, CancellationToken cancellationToken);
}

/// <summary>Which chain, token and payee a settlement grain works for.</summary>
public sealed record SettlementTarget(string Network, string Asset, string PayTo);

/// <summary>A signed settlement transaction, kept so it can be re-sent after a restart or replaced at higher fees.</summary>
[GenerateSerializer, Alias("wf.SignedSettlement")]
public sealed record SignedSettlement(
    [property: Id(0)] string Hash,
    [property: Id(1)] string RawTransaction,
    [property: Id(2)] long AccountNonce,
    [property: Id(3)] string MaxFeePerGas,
    [property: Id(4)] string MaxPriorityFeePerGas);

/// <summary>
/// A mined settlement transaction: did it succeed, how deep is it (Confirmations counts the receipt's own
/// block, so a just-mined transaction has 1), and what happened to each authorization, keyed by nonce.
/// </summary>
public sealed record SettlementReceipt(
    string TransactionHash,
    bool Succeeded,
    long BlockNumber,
    long Confirmations,
    IReadOnlyDictionary<string, AuthorizationOutcome> Outcomes);

public sealed record AuthorizationOutcome(bool Settled, string? Reason);
