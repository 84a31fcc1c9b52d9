using System.Text.Json.Serialization;

namespace Waterfall.X402;

/// <summary>x402 v1 <c>PaymentRequired</c>: the JSON body of a v1 402 response.</summary>
public sealed record PaymentRequiredV1
{
    public const int Version = 1;

    [JsonPropertyName("x402Version")]
    public int X402Version { get; init; } = Version;

    [JsonPropertyName("error")]
    public string? Error { get; init; }

    [JsonPropertyName("accepts")]
    public required IReadOnlyList<PaymentRequirementsV1> Accepts { get; init; }

    internal void Validate()
    {
        if (X402Version != Version)
            throw new X402FormatException($"x402Version: expected {Version}, got {X402Version}.");
        if (Accepts.Count == 0)
            throw new X402FormatException("accepts: at least one entry is required.");
        for (var i = 0; i < Accepts.Count; i++)
            Accepts[i].Validate($"accepts[{i}]");
    }
}
