using System.Text.Json;
using System.Text.Json.Serialization;

namespace Waterfall.X402;

/// <summary>
/// x402 v2 <c>PaymentRequirements</c>: one way the server accepts payment (an entry of
/// <c>PaymentRequired.accepts</c>, echoed back by the client as <c>PaymentPayload.accepted</c>).
/// For scheme "exact" on EVM, <see cref="Amount"/> is the exact atomic amount and <see cref="Extra"/>
/// carries the token's EIP-712 domain <c>name</c> and <c>version</c>.
/// </summary>
public sealed record PaymentRequirements
{
    [JsonPropertyName("scheme")]
    public required string Scheme { get; init; }

    /// <summary>CAIP-2 network, e.g. "eip155:8453".</summary>
    [JsonPropertyName("network")]
    public required string Network { get; init; }

    /// <summary>Atomic token units as a decimal string (USDC: 6 decimals, "10000" = 0.01 USDC).</summary>
    [JsonPropertyName("amount")]
    public required string Amount { get; init; }

    /// <summary>Token contract address.</summary>
    [JsonPropertyName("asset")]
    public required string Asset { get; init; }

    [JsonPropertyName("payTo")]
    public required string PayTo { get; init; }

    [JsonPropertyName("maxTimeoutSeconds")]
    public required long MaxTimeoutSeconds { get; init; }

    [JsonPropertyName("extra")]
    public IReadOnlyDictionary<string, JsonElement>? Extra { get; init; }

    /// <summary>extra[key] when it is a string, else null.</summary>
    public string? ExtraString(string key) => WireCheck.ExtraString(Extra, key);

    internal void Validate(string path)
    {
        WireCheck.NotEmpty(Scheme, path + ".scheme");
        WireCheck.Caip2(Network, path + ".network");
        WireCheck.NotEmpty(Amount, path + ".amount");
        WireCheck.NotEmpty(Asset, path + ".asset");
        WireCheck.NotEmpty(PayTo, path + ".payTo");
        WireCheck.Positive(MaxTimeoutSeconds, path + ".maxTimeoutSeconds");
    }
}
