using System.Text.Json;
using System.Text.Json.Serialization;

namespace Waterfall.X402;

/// <summary>
/// x402 v2 <c>PaymentPayload</c>: what the client sends, base64-encoded, in the PAYMENT-SIGNATURE header.
/// <see cref="Payload"/> is scheme-specific and kept as JSON; for "exact" on EVM read it with
/// <see cref="ExactEvmPayload.FromJson"/>.
/// </summary>
public sealed record PaymentPayload
{
    public const int Version = 2;

    [JsonPropertyName("x402Version")]
    public int X402Version { get; init; } = Version;

    [JsonPropertyName("resource")]
    public ResourceInfo? Resource { get; init; }

    /// <summary>The requirements the client chose to pay (one of the server's <c>accepts</c>).</summary>
    [JsonPropertyName("accepted")]
    public required PaymentRequirements Accepted { get; init; }

    [JsonPropertyName("payload")]
    public required JsonElement Payload { get; init; }

    [JsonPropertyName("extensions")]
    public IReadOnlyDictionary<string, JsonElement>? Extensions { get; init; }

    /// <summary>A v2 payload for the "exact" EVM scheme.</summary>
    public static PaymentPayload Create(PaymentRequirements accepted, ExactEvmPayload payload, ResourceInfo? resource = null)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        ArgumentNullException.ThrowIfNull(payload);
        return new PaymentPayload { Resource = resource, Accepted = accepted, Payload = payload.ToJson() };
    }

    internal void Validate()
    {
        if (X402Version != Version)
            throw new X402FormatException($"x402Version: expected {Version}, got {X402Version}.");
        Resource?.Validate("resource");
        Accepted.Validate("accepted");
        WireCheck.Object(Payload, "payload");
    }
}
