using System.Text;
using System.Text.Json;

namespace Waterfall.X402;

/// <summary>
/// The x402 HTTP headers and their codec: base64 (standard alphabet, padded) of the UTF-8 compact JSON,
/// exactly as the reference stack's <c>safeBase64Encode(JSON.stringify(value))</c>, so a header we encode
/// is byte for byte what the reference would send. Decoding is as forgiving as the reference's (atob:
/// missing padding is fine) and as strict (anything outside A–Z a–z 0–9 + / and trailing '=' is rejected).
/// </summary>
public static class X402Headers
{
    /// <summary>v2: the server's 402 answer, base64 PaymentRequired.</summary>
    public const string PaymentRequired = "PAYMENT-REQUIRED";

    /// <summary>v2: the client's payment, base64 PaymentPayload.</summary>
    public const string PaymentSignature = "PAYMENT-SIGNATURE";

    /// <summary>v2: the server's settlement receipt, base64 SettleResponse.</summary>
    public const string PaymentResponse = "PAYMENT-RESPONSE";

    /// <summary>v1: the client's payment, base64 PaymentPayloadV1.</summary>
    public const string XPayment = "X-PAYMENT";

    /// <summary>v1: the server's settlement receipt, base64 SettleResponse.</summary>
    public const string XPaymentResponse = "X-PAYMENT-RESPONSE";

    /// <summary>The reference's error for a PAYMENT-SIGNATURE (and X-PAYMENT) value it cannot decode.</summary>
    public const string InvalidPaymentSignatureHeader = "Invalid payment signature header";

    /// <summary>The reference's error for a PAYMENT-REQUIRED value it cannot decode.</summary>
    public const string InvalidPaymentRequiredHeader = "Invalid payment required header";

    /// <summary>The reference's error for a PAYMENT-RESPONSE (and X-PAYMENT-RESPONSE) value it cannot decode.</summary>
    public const string InvalidPaymentResponseHeader = "Invalid payment response header";

    public static string EncodePaymentSignature(PaymentPayload payload) => Encode(payload);

    public static PaymentPayload DecodePaymentSignature(string header) =>
        Decode(header, PaymentSignature, InvalidPaymentSignatureHeader, X402Wire.ParsePaymentPayload);

    public static string EncodePaymentRequired(PaymentRequired paymentRequired) => Encode(paymentRequired);

    public static PaymentRequired DecodePaymentRequired(string header) =>
        Decode(header, PaymentRequired, InvalidPaymentRequiredHeader, X402Wire.ParsePaymentRequired);

    /// <summary>PAYMENT-RESPONSE; the same encoding serves X-PAYMENT-RESPONSE.</summary>
    public static string EncodePaymentResponse(SettleResponse response) => Encode(response);

    public static SettleResponse DecodePaymentResponse(string header) =>
        Decode(header, PaymentResponse, InvalidPaymentResponseHeader, X402Wire.ParseSettleResponse);

    public static string EncodeXPayment(PaymentPayloadV1 payload) => Encode(payload);

    public static PaymentPayloadV1 DecodeXPayment(string header) =>
        Decode(header, XPayment, InvalidPaymentSignatureHeader, X402Wire.ParsePaymentPayloadV1);

    public static string EncodeXPaymentResponse(SettleResponse response) => Encode(response);

    public static SettleResponse DecodeXPaymentResponse(string header) =>
        Decode(header, XPaymentResponse, InvalidPaymentResponseHeader, X402Wire.ParseSettleResponse);

    /// <summary>base64(UTF-8(JSON.stringify(value))).</summary>
    public static string Encode<T>(T value) => Convert.ToBase64String(X402Json.StringifyToUtf8(value));

    /// <summary>The JSON inside a header value, before any shape check.</summary>
    public static JsonElement DecodeJson(string header, string headerName = PaymentSignature)
    {
        var reason = headerName switch
        {
            PaymentRequired => InvalidPaymentRequiredHeader,
            PaymentResponse or XPaymentResponse => InvalidPaymentResponseHeader,
            _ => InvalidPaymentSignatureHeader,
        };
        return DecodeJson(header, headerName, reason);
    }

    private static T Decode<T>(string header, string headerName, string reason, Func<JsonElement, T> parse)
    {
        var json = DecodeJson(header, headerName, reason);
        try
        {
            return parse(json);
        }
        catch (X402FormatException e)
        {
            throw new X402HeaderException(headerName, reason, e.Message, e);
        }
    }

    private static JsonElement DecodeJson(string header, string headerName, string reason)
    {
        ArgumentNullException.ThrowIfNull(header);
        var bytes = ForgivingBase64Decode(header)
            ?? throw new X402HeaderException(headerName, reason, "not base64 (A-Z a-z 0-9 + / and at most two '=' of padding).");
        var text = Encoding.UTF8.GetString(bytes);
        // TextDecoder, which the reference decodes with, drops a leading byte order mark.
        if (text.StartsWith('\uFEFF'))
            text = text[1..];
        try
        {
            return X402Wire.ParseJson(text);
        }
        catch (X402FormatException e)
        {
            throw new X402HeaderException(headerName, reason, "the decoded value is not JSON (" + e.InnerException?.Message + ").", e);
        }
    }

    /// <summary>
    /// The reference's check (^[A-Za-z0-9+/]*={0,2}$) followed by WHATWG forgiving-base64 decoding (what
    /// atob does): padding optional, a length of 4n+1 invalid, unused trailing bits ignored. Null when invalid.
    /// </summary>
    internal static byte[]? ForgivingBase64Decode(string value)
    {
        var end = value.Length;
        var padding = 0;
        while (end > 0 && value[end - 1] == '=' && padding < 3)
        {
            end--;
            padding++;
        }
        if (padding > 2)
            return null;
        for (var i = 0; i < end; i++)
        {
            var c = value[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c == '+' || c == '/'))
                return null;
        }
        // atob strips the padding only when the whole length is a multiple of 4; otherwise '=' is a bad character.
        if (padding > 0 && value.Length % 4 != 0)
            return null;
        if (end % 4 == 1)
            return null;
        var data = value[..end];
        var remainder = end % 4;
        if (remainder != 0)
        {
            // Clear the bits the last character carries beyond a whole byte, which atob ignores and .NET rejects.
            var last = Alphabet.IndexOf(data[^1], StringComparison.Ordinal);
            var mask = remainder == 2 ? 0b110000 : 0b111100;
            data = data[..^1] + Alphabet[last & mask] + new string('=', 4 - remainder);
        }
        try
        {
            return Convert.FromBase64String(data);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
}
