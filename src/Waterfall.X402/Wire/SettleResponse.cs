using System.Text.Json;
using System.Text.Json.Serialization;

namespace Waterfall.X402;

/// <summary>
/// The facilitator's answer to /settle, also what a resource server returns, base64-encoded, in the
/// PAYMENT-RESPONSE (v2) or X-PAYMENT-RESPONSE (v1) header. <see cref="Transaction"/> is the transaction
/// hash, or "" when nothing was sent.
/// </summary>
public sealed record SettleResponse
{
    [JsonPropertyName("success")]
    public required bool Success { get; init; }

    [JsonPropertyName("errorReason")]
    public string? ErrorReason { get; init; }

    [JsonPropertyName("errorMessage")]
    public string? ErrorMessage { get; init; }

    [JsonPropertyName("payer")]
    public string? Payer { get; init; }

    [JsonPropertyName("transaction")]
    public required string Transaction { get; init; }

    /// <summary>The network as the payload named it: CAIP-2 for v2, the v1 name for v1.</summary>
    [JsonPropertyName("network")]
    public required string Network { get; init; }

    /// <summary>The amount actually settled, for schemes where it can differ from the authorized one (not "exact").</summary>
    [JsonPropertyName("amount")]
    public string? Amount { get; init; }

    [JsonPropertyName("extensions")]
    public IReadOnlyDictionary<string, JsonElement>? Extensions { get; init; }

    [JsonPropertyName("extra")]
    public IReadOnlyDictionary<string, JsonElement>? Extra { get; init; }

    public static SettleResponse Succeeded(string transaction, string network, string? payer) =>
        new() { Success = true, Transaction = transaction, Network = network, Payer = payer };

    public static SettleResponse Failed(string reason, string network, string? payer, string transaction = "", string? message = null) =>
        new() { Success = false, ErrorReason = reason, ErrorMessage = message, Payer = payer, Transaction = transaction, Network = network };
}
