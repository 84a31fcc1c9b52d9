using System.Text.Json;
using Waterfall.Chain.Abi;
using Waterfall.Chain.Primitives;

namespace Waterfall.Chain.Rpc;

/// <summary>
/// A JSON-RPC error object returned by the node: code, message and the optional data member. For a
/// reverted eth_call or eth_estimateGas the data carries the revert payload, which is what tells a
/// facilitator why a settlement would fail (e.g. "FiatTokenV2: invalid signature").
/// </summary>
public sealed class EthRpcException : Exception
{
    public EthRpcException(string method, long code, string rpcMessage, JsonElement? errorData)
        : base(Describe(method, code, rpcMessage, errorData))
    {
        Method = method;
        Code = code;
        RpcMessage = rpcMessage;
        ErrorData = errorData?.Clone();
        RevertData = ExtractRevertData(errorData);
        RevertReason = RevertData is null ? null : Abi.RevertReason.TryDecode(RevertData);
    }

    /// <summary>The RPC method that failed, e.g. "eth_sendRawTransaction".</summary>
    public string Method { get; }

    /// <summary>The JSON-RPC error code: -32000 for most node errors, 3 for execution reverted, -32602 invalid params, …</summary>
    public long Code { get; }

    /// <summary>The node's own message, e.g. "nonce too low".</summary>
    public string RpcMessage { get; }

    /// <summary>The raw "data" member, if the node sent one.</summary>
    public JsonElement? ErrorData { get; }

    /// <summary>The revert payload when "data" holds hex (directly or as data.data), else null.</summary>
    public byte[]? RevertData { get; }

    /// <summary>The decoded Error(string)/Panic(uint256) reason, when the revert payload is one of those.</summary>
    public string? RevertReason { get; }

    private static byte[]? ExtractRevertData(JsonElement? data)
    {
        if (data is not { } element)
            return null;
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("data", out var nested))
            element = nested;
        return element.ValueKind == JsonValueKind.String && Hex.TryDecode(element.GetString(), out var bytes) ? bytes : null;
    }

    private static string Describe(string method, long code, string message, JsonElement? data)
    {
        var text = $"{method} failed with JSON-RPC error {code}: {message}";
        return data is { } d ? $"{text} (data: {Truncate(d.GetRawText())})" : text;
    }

    private static string Truncate(string s) => s.Length <= 300 ? s : s[..297] + "...";
}
