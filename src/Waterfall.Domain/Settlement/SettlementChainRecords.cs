namespace Waterfall.Domain.Settlement;

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
/// block, so a just-mined transaction has 1), and what happened to each authorization, keyed by nonce. A reverted
/// transaction may carry the chain's reason (read by replaying it), which a pull's failure reports.
/// </summary>
public sealed record SettlementReceipt(
    string TransactionHash,
    bool Succeeded,
    long BlockNumber,
    long Confirmations,
    IReadOnlyDictionary<string, AuthorizationOutcome> Outcomes,
    string? RevertReason = null);

public sealed record AuthorizationOutcome(bool Settled, string? Reason);
