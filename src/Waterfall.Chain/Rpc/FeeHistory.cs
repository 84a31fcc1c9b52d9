using System.Numerics;
using System.Text.Json;

namespace Waterfall.Chain.Rpc;

/// <summary>
/// eth_feeHistory: base fees (one more than the block count: the last is the next block's) and, per
/// block, the priority fees paid at the requested percentiles. Used to price maxFeePerGas sensibly.
/// </summary>
public sealed record FeeHistory(
    ulong OldestBlock,
    IReadOnlyList<BigInteger> BaseFeePerGas,
    IReadOnlyList<double> GasUsedRatio,
    IReadOnlyList<IReadOnlyList<BigInteger>> Reward)
{
    /// <summary>The base fee the next block will have, the last entry of <see cref="BaseFeePerGas"/>.</summary>
    public BigInteger NextBaseFeePerGas => BaseFeePerGas.Count > 0 ? BaseFeePerGas[^1] : BigInteger.Zero;

    internal static FeeHistory FromJson(JsonElement json) => new(
        RpcJson.QuantityUInt64(RpcJson.Required(json, "oldestBlock"), "feeHistory.oldestBlock"),
        RpcJson.Required(json, "baseFeePerGas").EnumerateArray().Select(v => RpcJson.Quantity(v, "feeHistory.baseFeePerGas")).ToArray(),
        RpcJson.Required(json, "gasUsedRatio").EnumerateArray().Select(v => v.GetDouble()).ToArray(),
        RpcJson.Optional(json, "reward") is { } reward
            ? reward.EnumerateArray()
                .Select(block => (IReadOnlyList<BigInteger>)block.EnumerateArray().Select(v => RpcJson.Quantity(v, "feeHistory.reward")).ToArray())
                .ToArray()
            : []);
}
