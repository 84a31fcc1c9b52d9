using System.Numerics;
using Waterfall.Chain.Rpc;

namespace Waterfall.X402;

/// <summary>EIP-1559 fee caps as the facilitator prices its transactions.</summary>
public static class GasFees
{
    /// <summary>The priority fee when the node suggests none: 0.001 gwei, what L2s like Base usually need.</summary>
    public static readonly BigInteger FallbackPriorityFee = 1_000_000;

    /// <summary>maxFee = 2 × latest base fee + priority, which survives several full blocks of base-fee increases.</summary>
    public static async Task<(BigInteger MaxFee, BigInteger PriorityFee)> EstimateAsync(EthRpcClient chain, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var block = await chain.GetBlockByNumberAsync(BlockTag.Latest, cancellationToken).ConfigureAwait(false);
        BigInteger priority;
        try
        {
            priority = await chain.GetMaxPriorityFeePerGasAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (EthRpcException)
        {
            priority = FallbackPriorityFee;
        }
        var baseFee = block?.BaseFeePerGas ?? await chain.GetGasPriceAsync(cancellationToken).ConfigureAwait(false);
        return (baseFee * 2 + priority, priority);
    }
}
