using System.Text.Json;
using System.Text.Json.Serialization;

namespace Waterfall.X402;

/// <summary>x402 v1 <c>PaymentPayload</c>: what the client sends, base64-encoded, in the X-PAYMENT header.</summary>
public sealed record PaymentPayloadV1
{
    public const int Version = 1;

    [JsonPropertyName("x402Version")]
    public int X402Version { get; init; } = Version;

    [JsonPropertyName("scheme")]
    public required string Scheme { get; init; }

    /// <summary>v1 network name, e.g. "base-sepolia".</summary>
    [JsonPropertyName("network")]
    public required string Network { get; init; }

    [JsonPropertyName("payload")]
    public required JsonElement Payload { get; init; }

    /// <summary>A v1 payload for the "exact" EVM scheme.</summary>
    public static PaymentPayloadV1 Create(string network, ExactEvmPayload payload, string scheme = ExactEvmScheme.Name)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return new PaymentPayloadV1 { Scheme = scheme, Network = network, Payload = payload.ToJson() };
    }

    internal void Validate()
    {
        if (X402Version != Version)
            throw new X402FormatException($"x402Version: expected {Version}, got {X402Version}.");
        WireCheck.NotEmpty(Scheme, "scheme");
        WireCheck.NotEmpty(Network, "network");
        WireCheck.Object(Payload, "payload");
    }
}
