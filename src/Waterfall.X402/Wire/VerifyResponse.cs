using System.Text.Json;
using System.Text.Json.Serialization;

namespace Waterfall.X402;

/// <summary>
/// The facilitator's answer to /verify. An invalid payment is an answer, not an error: isValid false with
/// a machine-readable <see cref="InvalidReason"/> (e.g. "invalid_exact_evm_signature") and, sometimes,
/// a human-readable <see cref="InvalidMessage"/>.
/// </summary>
public sealed record VerifyResponse
{
    [JsonPropertyName("isValid")]
    public required bool IsValid { get; init; }

    [JsonPropertyName("invalidReason")]
    public string? InvalidReason { get; init; }

    [JsonPropertyName("invalidMessage")]
    public string? InvalidMessage { get; init; }

    /// <summary>The paying address (authorization.from), when the payload got far enough to name one.</summary>
    [JsonPropertyName("payer")]
    public string? Payer { get; init; }

    [JsonPropertyName("extensions")]
    public IReadOnlyDictionary<string, JsonElement>? Extensions { get; init; }

    [JsonPropertyName("extra")]
    public IReadOnlyDictionary<string, JsonElement>? Extra { get; init; }

    public static VerifyResponse Valid(string? payer) => new() { IsValid = true, Payer = payer };

    public static VerifyResponse Invalid(string reason, string? payer, string? message = null) =>
        new() { IsValid = false, InvalidReason = reason, Payer = payer, InvalidMessage = message };
}
