using System.Text;
using System.Text.Json;

namespace Waterfall.X402;

/// <summary>
/// Parsing x402 JSON into the wire types with the reference's schema checks. Everything that is not the
/// right shape ends as an <see cref="X402FormatException"/> naming the member, never as a JsonException
/// or a NullReferenceException further down.
/// </summary>
public static class X402Wire
{
    public static PaymentPayload ParsePaymentPayload(JsonElement json) => Checked(Versioned(json, "paymentPayload", 2), "paymentPayload", (PaymentPayload p) => p.Validate());

    public static PaymentRequirements ParsePaymentRequirements(JsonElement json) => Checked(json, "paymentRequirements", (PaymentRequirements r) => r.Validate("paymentRequirements"));

    public static PaymentRequired ParsePaymentRequired(JsonElement json) => Checked(Versioned(json, "paymentRequired", 2), "paymentRequired", (PaymentRequired r) => r.Validate());

    public static PaymentPayloadV1 ParsePaymentPayloadV1(JsonElement json) => Checked(Versioned(json, "paymentPayload", 1), "paymentPayload", (PaymentPayloadV1 p) => p.Validate());

    public static PaymentRequirementsV1 ParsePaymentRequirementsV1(JsonElement json) => Checked(json, "paymentRequirements", (PaymentRequirementsV1 r) => r.Validate("paymentRequirements"));

    public static PaymentRequiredV1 ParsePaymentRequiredV1(JsonElement json) => Checked(Versioned(json, "paymentRequired", 1), "paymentRequired", (PaymentRequiredV1 r) => r.Validate());

    public static SettleResponse ParseSettleResponse(JsonElement json) => Checked(json, "settleResponse", (SettleResponse _) => { });

    public static VerifyResponse ParseVerifyResponse(JsonElement json) => Checked(json, "verifyResponse", (VerifyResponse _) => { });

    public static SupportedResponse ParseSupportedResponse(JsonElement json) => Checked(json, "supportedResponse", (SupportedResponse _) => { });

    /// <summary>Parses JSON text, reporting syntax errors as <see cref="X402FormatException"/>.</summary>
    public static JsonElement ParseJson(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new X402FormatException($"Not JSON: {e.Message}", e);
        }
    }

    /// <summary>Parses UTF-8 JSON, reporting syntax errors as <see cref="X402FormatException"/>.</summary>
    public static JsonElement ParseJson(ReadOnlySpan<byte> utf8) => ParseJson(Encoding.UTF8.GetString(utf8));

    internal static T Deserialize<T>(JsonElement json, string path)
        where T : class
    {
        if (json.ValueKind != JsonValueKind.Object)
            throw new X402FormatException($"{path}: must be a JSON object, got {Describe(json.ValueKind)}.");
        try
        {
            return json.Deserialize<T>(X402Json.Options)
                ?? throw new X402FormatException($"{path}: must be a JSON object, got null.");
        }
        catch (JsonException e)
        {
            var member = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? path : path + e.Path.TrimStart('$');
            throw new X402FormatException($"{member}: {Explain(e)}", e);
        }
    }

    // The version decides the shape (the reference's schemas are a union discriminated by x402Version), so it is checked first.
    private static JsonElement Versioned(JsonElement json, string path, int expected)
    {
        if (json.ValueKind == JsonValueKind.Object
            && (!json.TryGetProperty("x402Version", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var number) || number != expected))
        {
            throw new X402FormatException($"{path}.x402Version: must be {expected}.");
        }
        return json;
    }

    private static T Checked<T>(JsonElement json, string path, Action<T> validate)
        where T : class
    {
        var value = Deserialize<T>(json, path);
        validate(value);
        return value;
    }

    // System.Text.Json's messages mention .NET types and paths; keep the useful part.
    private static string Explain(JsonException e)
    {
        var message = e.Message;
        if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            var start = message.IndexOf("including:", StringComparison.Ordinal);
            return start < 0 ? "a required member is missing." : "missing required member " + message[(start + "including:".Length)..].Trim().TrimEnd('.') + ".";
        }
        if (message.Contains("null", StringComparison.OrdinalIgnoreCase) && message.Contains("non-nullable", StringComparison.OrdinalIgnoreCase))
            return "must not be null.";
        return "wrong type or value.";
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
