using System.Text.Json;
using System.Text.Json.Serialization;

namespace Waterfall.X402;

/// <summary>
/// The scheme-specific <c>payload</c> of an "exact" EVM payment over EIP-3009: the payer's signature
/// over a TransferWithAuthorization and the authorization itself, every number as a decimal string and
/// the nonce as 0x + 64 hex digits, exactly as the reference client sends them.
/// </summary>
public sealed record ExactEvmPayload
{
    /// <summary>0x-hex: 65 bytes r‖s‖v for an EOA; anything an ERC-1271 wallet accepts for a contract payer.</summary>
    [JsonPropertyName("signature")]
    public required string Signature { get; init; }

    [JsonPropertyName("authorization")]
    public required ExactEvmAuthorization Authorization { get; init; }

    public JsonElement ToJson() => JsonSerializer.SerializeToElement(this, X402Json.Options);

    /// <summary>Reads the payload of a v1 or v2 PaymentPayload; throws <see cref="X402FormatException"/> when it is not this shape.</summary>
    public static ExactEvmPayload FromJson(JsonElement payload)
    {
        var value = X402Wire.Deserialize<ExactEvmPayload>(payload, "payload");
        WireCheck.NotEmpty(value.Signature, "payload.signature");
        value.Authorization.Validate("payload.authorization");
        return value;
    }
}

/// <summary>The EIP-3009 TransferWithAuthorization fields as they travel in JSON.</summary>
public sealed record ExactEvmAuthorization
{
    [JsonPropertyName("from")]
    public required string From { get; init; }

    [JsonPropertyName("to")]
    public required string To { get; init; }

    [JsonPropertyName("value")]
    public required string Value { get; init; }

    [JsonPropertyName("validAfter")]
    public required string ValidAfter { get; init; }

    [JsonPropertyName("validBefore")]
    public required string ValidBefore { get; init; }

    [JsonPropertyName("nonce")]
    public required string Nonce { get; init; }

    internal void Validate(string path)
    {
        WireCheck.NotEmpty(From, path + ".from");
        WireCheck.NotEmpty(To, path + ".to");
        WireCheck.NotEmpty(Value, path + ".value");
        WireCheck.NotEmpty(ValidAfter, path + ".validAfter");
        WireCheck.NotEmpty(ValidBefore, path + ".validBefore");
        WireCheck.NotEmpty(Nonce, path + ".nonce");
    }
}
