using Waterfall.Contracts.Settlement;
using Waterfall.Domain.Settlement;

namespace Waterfall.Grains.Settlement;

/// <summary>Stands in when no chain is configured: every settlement attempt says so plainly.</summary>
public sealed class UnconfiguredSettlementChain : ISettlementChain
{
    private static InvalidOperationException NotConfigured() =>
        new("On-chain settlement is not configured: add a network under Waterfall:X402:Networks with an RPC URL and a settlement key.");

    public Task<SignedSettlement> SignAsync(SettlementTarget target, IReadOnlyList<SettlementItem> items, SignedSettlement? replacing, CancellationToken cancellationToken) => throw NotConfigured();
    public Task BroadcastAsync(SettlementTarget target, string rawTransaction, CancellationToken cancellationToken) => throw NotConfigured();
    public Task<SettlementReceipt?> GetReceiptAsync(SettlementTarget target, string transactionHash, CancellationToken cancellationToken) => throw NotConfigured();
    public Task<long> GetMinedNonceAsync(SettlementTarget target, CancellationToken cancellationToken) => throw NotConfigured();
    public Task<IReadOnlyList<ChainTransfer>> GetTransfersToPayeeAsync(SettlementTarget target, long fromBlock, long toBlock, CancellationToken cancellationToken) => throw NotConfigured();
}
