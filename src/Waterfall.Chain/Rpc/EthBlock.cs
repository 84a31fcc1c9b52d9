using System.Numerics;
using System.Text.Json;
using Waterfall.Chain.Primitives;

namespace Waterfall.Chain.Rpc;

/// <summary>
/// The parts of a block header we use. The timestamp is the chain's clock: EIP-3009 checks
/// validAfter/validBefore against it, not against our wall clock. Meant for mined blocks: some nodes
/// give the "pending" block no number or hash, which is reported as a protocol error.
/// </summary>
public sealed record EthBlock(ulong Number, Bytes32 Hash, Bytes32 ParentHash, ulong Timestamp, ulong GasLimit, ulong GasUsed, BigInteger? BaseFeePerGas)
{
    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeSeconds(checked((long)Timestamp));

    internal static EthBlock FromJson(JsonElement json) => new(
        RpcJson.QuantityUInt64(RpcJson.Required(json, "number"), "block.number"),
        RpcJson.Hash(RpcJson.Required(json, "hash"), "block.hash"),
        RpcJson.Hash(RpcJson.Required(json, "parentHash"), "block.parentHash"),
        RpcJson.QuantityUInt64(RpcJson.Required(json, "timestamp"), "block.timestamp"),
        RpcJson.QuantityUInt64(RpcJson.Required(json, "gasLimit"), "block.gasLimit"),
        RpcJson.QuantityUInt64(RpcJson.Required(json, "gasUsed"), "block.gasUsed"),
        RpcJson.Optional(json, "baseFeePerGas") is { } fee ? RpcJson.Quantity(fee, "block.baseFeePerGas") : null);
}
