using System.Numerics;
using System.Text.Json;
using Waterfall.Chain.Primitives;

namespace Waterfall.Chain.Rpc;

/// <summary>
/// A mined transaction's outcome. <see cref="Succeeded"/> is what settlement checks: a mined but reverted
/// transaction (status 0) still costs gas and moves no tokens.
/// </summary>
public sealed record TransactionReceipt(
    Bytes32 TransactionHash,
    ulong BlockNumber,
    Bytes32 BlockHash,
    ulong Status,
    EthAddress From,
    EthAddress? To,
    EthAddress? ContractAddress,
    ulong GasUsed,
    ulong CumulativeGasUsed,
    BigInteger EffectiveGasPrice,
    IReadOnlyList<LogEntry> Logs)
{
    public bool Succeeded => Status == 1;

    /// <summary>What the sender paid for gas: gasUsed × effectiveGasPrice.</summary>
    public BigInteger GasCost => GasUsed * EffectiveGasPrice;

    internal static TransactionReceipt FromJson(JsonElement json) => new(
        RpcJson.Hash(RpcJson.Required(json, "transactionHash"), "receipt.transactionHash"),
        RpcJson.QuantityUInt64(RpcJson.Required(json, "blockNumber"), "receipt.blockNumber"),
        RpcJson.Hash(RpcJson.Required(json, "blockHash"), "receipt.blockHash"),
        RpcJson.QuantityUInt64(RpcJson.Required(json, "status"), "receipt.status"),
        RpcJson.Address(RpcJson.Required(json, "from"), "receipt.from"),
        RpcJson.Optional(json, "to") is { } to ? RpcJson.Address(to, "receipt.to") : null,
        RpcJson.Optional(json, "contractAddress") is { } c ? RpcJson.Address(c, "receipt.contractAddress") : null,
        RpcJson.QuantityUInt64(RpcJson.Required(json, "gasUsed"), "receipt.gasUsed"),
        RpcJson.QuantityUInt64(RpcJson.Required(json, "cumulativeGasUsed"), "receipt.cumulativeGasUsed"),
        RpcJson.Quantity(RpcJson.Required(json, "effectiveGasPrice"), "receipt.effectiveGasPrice"),
        RpcJson.Required(json, "logs").EnumerateArray().Select(LogEntry.FromJson).ToArray());
}
