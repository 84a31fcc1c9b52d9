using System.Numerics;
using System.Text.Json;
using Waterfall.Chain.Primitives;

namespace Waterfall.Chain.Rpc;

/// <summary>Reading node responses field by field, with errors that name the field that was wrong.</summary>
internal static class RpcJson
{
    public static JsonElement Required(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new EthRpcProtocolException($"Response has no '{name}'.");

    public static JsonElement? Optional(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    public static string String(JsonElement value, string what) =>
        value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new EthRpcProtocolException($"Expected a string for {what}, got {value.ValueKind}.");

    public static BigInteger Quantity(JsonElement value, string what) =>
        Wrap(what, () => Hex.DecodeQuantity(String(value, what)));

    public static ulong QuantityUInt64(JsonElement value, string what) =>
        Wrap(what, () => Hex.DecodeQuantityUInt64(String(value, what)));

    public static byte[] Data(JsonElement value, string what) => Wrap(what, () => Hex.Decode(String(value, what)));

    public static Bytes32 Hash(JsonElement value, string what) => Wrap(what, () => Bytes32.Parse(String(value, what)));

    public static EthAddress Address(JsonElement value, string what) => Wrap(what, () => EthAddress.Parse(String(value, what)));

    private static T Wrap<T>(string what, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new EthRpcProtocolException($"Malformed {what}: {e.Message}", e);
        }
    }
}
