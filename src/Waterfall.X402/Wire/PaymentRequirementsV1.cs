using System.Text.Json;
using System.Text.Json.Serialization;

namespace Waterfall.X402;

/// <summary>
/// x402 v1 <c>PaymentRequirements</c>. Differences from v2: the network is a name ("base",
/// "base-sepolia"), the amount is <c>maxAmountRequired</c> (for "exact": the exact amount), and the
/// resource URL, description and MIME type sit in the requirements themselves.
/// </summary>
public sealed record PaymentRequirementsV1
{
    [JsonPropertyName("scheme")]
    public required string Scheme { get; init; }

    /// <summary>v1 network name, e.g. "base" or "base-sepolia".</summary>
    [JsonPropertyName("network")]
    public required string Network { get; init; }

    [JsonPropertyName("maxAmountRequired")]
    public required string MaxAmountRequired { get; init; }

    /// <summary>The resource URL.</summary>
    [JsonPropertyName("resource")]
    public required string Resource { get; init; }

    [JsonPropertyName("description")]
    public required string Description { get; init; }

    [JsonPropertyName("mimeType")]
    public string? MimeType { get; init; }

    [JsonPropertyName("outputSchema")]
    public IReadOnlyDictionary<string, JsonElement>? OutputSchema { get; init; }

    [JsonPropertyName("payTo")]
    public required string PayTo { get; init; }

    [JsonPropertyName("maxTimeoutSeconds")]
    public required long MaxTimeoutSeconds { get; init; }

    [JsonPropertyName("asset")]
    public required string Asset { get; init; }

    [JsonPropertyName("extra")]
    public IReadOnlyDictionary<string, JsonElement>? Extra { get; init; }

    /// <summary>extra[key] when it is a string, else null.</summary>
    public string? ExtraString(string key) => WireCheck.ExtraString(Extra, key);

    internal void Validate(string path)
    {
        WireCheck.NotEmpty(Scheme, path + ".scheme");
        WireCheck.NotEmpty(Network, path + ".network");
        WireCheck.NotEmpty(MaxAmountRequired, path + ".maxAmountRequired");
        WireCheck.NotEmpty(Resource, path + ".resource");
        WireCheck.NotEmpty(PayTo, path + ".payTo");
        WireCheck.Positive(MaxTimeoutSeconds, path + ".maxTimeoutSeconds");
        WireCheck.NotEmpty(Asset, path + ".asset");
    }
}
