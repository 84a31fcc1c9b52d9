using System.Numerics;
using System.Text.Json.Nodes;
using Waterfall.Chain.Primitives;

namespace Waterfall.Chain.Rpc;

/// <summary>The transaction-like object of eth_call and eth_estimateGas. Unset fields are left out of the request.</summary>
public sealed record CallRequest
{
    public EthAddress? From { get; init; }

    public EthAddress? To { get; init; }

    public ReadOnlyMemory<byte> Data { get; init; } = ReadOnlyMemory<byte>.Empty;

    public BigInteger? Value { get; init; }

    public ulong? Gas { get; init; }

    public BigInteger? MaxFeePerGas { get; init; }

    public BigInteger? MaxPriorityFeePerGas { get; init; }

    internal JsonObject ToJson()
    {
        var json = new JsonObject();
        if (From is { } from)
            json["from"] = from.ToLowerHex();
        if (To is { } to)
            json["to"] = to.ToLowerHex();
        if (Gas is { } gas)
            json["gas"] = Hex.EncodeQuantity(gas);
        if (MaxFeePerGas is { } maxFee)
            json["maxFeePerGas"] = Hex.EncodeQuantity(maxFee);
        if (MaxPriorityFeePerGas is { } priority)
            json["maxPriorityFeePerGas"] = Hex.EncodeQuantity(priority);
        if (Value is { } value)
            json["value"] = Hex.EncodeQuantity(value);
        // "data" rather than the newer "input": every node we target accepts it.
        if (!Data.IsEmpty)
            json["data"] = Hex.Encode(Data.Span);
        return json;
    }
}
