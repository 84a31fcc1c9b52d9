using System.Text.Json;
using System.Text.Json.Serialization;

namespace Waterfall.X402;

/// <summary>One (version, scheme, network) the facilitator can verify and settle.</summary>
public sealed record SupportedKind
{
    [JsonPropertyName("x402Version")]
    public required int X402Version { get; init; }

    [JsonPropertyName("scheme")]
    public required string Scheme { get; init; }

    /// <summary>CAIP-2 for v2 kinds, the v1 network name for v1 kinds.</summary>
    [JsonPropertyName("network")]
    public required string Network { get; init; }

    [JsonPropertyName("extra")]
    public IReadOnlyDictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>The facilitator's answer to GET /supported.</summary>
public sealed record SupportedResponse
{
    [JsonPropertyName("kinds")]
    public required IReadOnlyList<SupportedKind> Kinds { get; init; }

    /// <summary>Extension keys the facilitator implements (none here).</summary>
    [JsonPropertyName("extensions")]
    public IReadOnlyList<string> Extensions { get; init; } = [];

    /// <summary>Signer addresses by CAIP-2 family pattern, e.g. { "eip155:*": ["0x…"] }.</summary>
    [JsonPropertyName("signers")]
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Signers { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
}
