using System.Text.Json;
using System.Text.Json.Serialization;

namespace Waterfall.X402;

/// <summary>x402 v2 <c>PaymentRequired</c>: what a 402 response carries, base64-encoded, in the PAYMENT-REQUIRED header.</summary>
public sealed record PaymentRequired
{
    public const int Version = 2;

    [JsonPropertyName("x402Version")]
    public int X402Version { get; init; } = Version;

    /// <summary>Why payment is (still) required, e.g. "Payment required" or a verification failure reason.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; init; }

    [JsonPropertyName("resource")]
    public required ResourceInfo Resource { get; init; }

    [JsonPropertyName("accepts")]
    public required IReadOnlyList<PaymentRequirements> Accepts { get; init; }

    [JsonPropertyName("extensions")]
    public IReadOnlyDictionary<string, JsonElement>? Extensions { get; init; }

    internal void Validate()
    {
        if (X402Version != Version)
            throw new X402FormatException($"x402Version: expected {Version}, got {X402Version}.");
        Resource.Validate("resource");
        if (Accepts.Count == 0)
            throw new X402FormatException("accepts: at least one entry is required.");
        for (var i = 0; i < Accepts.Count; i++)
            Accepts[i].Validate($"accepts[{i}]");
    }
}
