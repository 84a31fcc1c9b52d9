using System.Text.Json;
using Waterfall.Chain.Primitives;

namespace Waterfall.Chain.Rpc;

/// <summary>One event log, from a receipt or eth_getLogs. Decode it with Abi.AbiEvent.</summary>
public sealed record LogEntry(
    EthAddress Address,
    IReadOnlyList<Bytes32> Topics,
    byte[] Data,
    ulong? BlockNumber,
    Bytes32? BlockHash,
    Bytes32? TransactionHash,
    ulong? LogIndex,
    bool Removed)
{
    internal static LogEntry FromJson(JsonElement json) => new(
        RpcJson.Address(RpcJson.Required(json, "address"), "log.address"),
        RpcJson.Required(json, "topics").EnumerateArray().Select(t => RpcJson.Hash(t, "log.topics")).ToArray(),
        RpcJson.Data(RpcJson.Required(json, "data"), "log.data"),
        RpcJson.Optional(json, "blockNumber") is { } n ? RpcJson.QuantityUInt64(n, "log.blockNumber") : null,
        RpcJson.Optional(json, "blockHash") is { } h ? RpcJson.Hash(h, "log.blockHash") : null,
        RpcJson.Optional(json, "transactionHash") is { } t ? RpcJson.Hash(t, "log.transactionHash") : null,
        RpcJson.Optional(json, "logIndex") is { } i ? RpcJson.QuantityUInt64(i, "log.logIndex") : null,
        RpcJson.Optional(json, "removed") is { ValueKind: JsonValueKind.True });
}
