namespace Waterfall.Domain.Settlement;

/// <summary>
/// A verified EIP-3009 authorization to settle, and the wallet it pays for. Value is in the
/// asset's atomic units (USDC: 6 decimals, one unit = 1,000 nano-dollars).
/// </summary>
/// <param name="InvoiceId">Set when the payment pays that invoice (of the wallet's tenant) instead of crediting the wallet.</param>
[GenerateSerializer, Immutable, Alias("wf.SettlementRequest")]
public sealed record SettlementRequest(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string WalletId,
    [property: Id(2)] string From,
    [property: Id(3)] string To,
    [property: Id(4)] long Value,
    [property: Id(5)] long ValidAfter,
    [property: Id(6)] long ValidBefore,
    [property: Id(7)] string Nonce,
    [property: Id(8)] string Signature,
    [property: Id(9)] string? InvoiceId = null);

[GenerateSerializer, Immutable, Alias("wf.SettlementStatus")]
public sealed record SettlementStatus(
    [property: Id(0)] string Nonce,
    [property: Id(1)] SettlementState State,
    [property: Id(2)] string? TransactionHash,
    [property: Id(3)] string? FailureReason,
    [property: Id(4)] string TenantId,
    [property: Id(5)] string WalletId,
    [property: Id(6)] string? Grant,
    [property: Id(7)] string Payer,
    [property: Id(8)] long Value,
    [property: Id(9)] long? BlockNumber = null,
    [property: Id(10)] string? InvoiceId = null);

public enum SettlementState
{
    Queued = 0,
    Submitted = 1,
    Settled = 2,
    Failed = 3,
}

[GenerateSerializer, Immutable, Alias("wf.ReconciliationReport")]
public sealed record ReconciliationReport(
    [property: Id(0)] long FromBlock,
    [property: Id(1)] long ToBlock,
    [property: Id(2)] int Matched,
    [property: Id(3)] long MatchedValue,
    [property: Id(4)] ChainTransfer[] OnChainOnly,
    [property: Id(5)] SettlementStatus[] LedgerOnly)
{
    public bool IsClean => OnChainOnly.Length == 0 && LedgerOnly.Length == 0;
}

/// <summary>An ERC-20 Transfer to the payee seen on chain.</summary>
[GenerateSerializer, Immutable, Alias("wf.ChainTransfer")]
public sealed record ChainTransfer(
    [property: Id(0)] string TransactionHash,
    [property: Id(1)] long BlockNumber,
    [property: Id(2)] string From,
    [property: Id(3)] string To,
    [property: Id(4)] long Value);
