using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Waterfall.X402;

/// <summary>
/// JSON as the x402 reference stack writes it. The reference encodes every header as
/// base64(JSON.stringify(value)), so for a header to come out byte for byte the same, the compact JSON
/// must too: members in declaration order, absent optional members left out (never "null"), strings
/// escaped the way JSON.stringify escapes them (only quote, backslash and control characters; no
/// \u-escaping of HTML characters or non-ASCII as System.Text.Json does by default) and numbers printed
/// the way JavaScript prints them.
/// </summary>
public static class X402Json
{
    /// <summary>Options for the wire types: names as declared, nulls omitted, no lenient number or comment parsing.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Compact JSON of a wire value, identical to what JSON.stringify gives for the same object.</summary>
    public static string Stringify<T>(T value)
    {
        var element = JsonSerializer.SerializeToElement(value, Options);
        return Stringify(element);
    }

    /// <summary>Re-prints any JSON value the way JSON.stringify(JSON.parse(text)) would.</summary>
    public static string Stringify(JsonElement element)
    {
        var text = new StringBuilder();
        Write(text, element);
        return text.ToString();
    }

    /// <summary>UTF-8 bytes of <see cref="Stringify{T}(T)"/>.</summary>
    public static byte[] StringifyToUtf8<T>(T value) => Encoding.UTF8.GetBytes(Stringify(value));

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            NumberHandling = JsonNumberHandling.Strict,
            PropertyNameCaseInsensitive = false,
            ReadCommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
            RespectRequiredConstructorParameters = true,
            RespectNullableAnnotations = true,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private static void Write(StringBuilder text, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                text.Append('{');
                var firstMember = true;
                foreach (var member in element.EnumerateObject())
                {
                    if (!firstMember)
                        text.Append(',');
                    firstMember = false;
                    WriteString(text, member.Name);
                    text.Append(':');
                    Write(text, member.Value);
                }
                text.Append('}');
                break;
            case JsonValueKind.Array:
                text.Append('[');
                var firstItem = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!firstItem)
                        text.Append(',');
                    firstItem = false;
                    Write(text, item);
                }
                text.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(text, element.GetString()!);
                break;
            case JsonValueKind.Number:
                text.Append(JavaScriptNumber(element.GetRawText()));
                break;
            case JsonValueKind.True:
                text.Append("true");
                break;
            case JsonValueKind.False:
                text.Append("false");
                break;
            default:
                text.Append("null");
                break;
        }
    }

    // JSON.stringify's QuoteJSONString: the short escapes, \u00xx (lowercase) for other control
    // characters and for lone surrogates, everything else literally.
    private static void WriteString(StringBuilder text, string value)
    {
        text.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': text.Append("\\\""); continue;
                case '\\': text.Append("\\\\"); continue;
                case '\b': text.Append("\\b"); continue;
                case '\f': text.Append("\\f"); continue;
                case '\n': text.Append("\\n"); continue;
                case '\r': text.Append("\\r"); continue;
                case '\t': text.Append("\\t"); continue;
            }
            if (c < 0x20)
            {
                AppendUnicodeEscape(text, c);
            }
            else if (char.IsHighSurrogate(c))
            {
                if (i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    text.Append(c).Append(value[i + 1]);
                    i++;
                }
                else
                {
                    AppendUnicodeEscape(text, c);
                }
            }
            else if (char.IsLowSurrogate(c))
            {
                AppendUnicodeEscape(text, c);
            }
            else
            {
                text.Append(c);
            }
        }
        text.Append('"');
    }

    private static void AppendUnicodeEscape(StringBuilder text, char c) =>
        text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));

    /// <summary>
    /// A JSON number as JavaScript prints it after parsing: integers and decimals in plain notation up to
    /// 21 digits, exponent form ("1e+21", "1e-7") outside that, the shortest digits that round-trip, no
    /// "-0". Going through a double is deliberate: JavaScript numbers are doubles, so large integers lose
    /// precision there too (which is why x402 carries amounts as decimal strings).
    /// </summary>
    internal static string JavaScriptNumber(string raw)
    {
        var value = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (value == 0)
            return "0";
        if (double.IsInfinity(value))
            return "null"; // JSON.parse gives Infinity for 1e999, which JSON.stringify prints as null
        // "R" yields the shortest round-trip digits, e.g. "1.5", "1E+22", "1E-07", "123".
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = shortest[0] == '-';
        if (negative)
            shortest = shortest[1..];
        var exponentAt = shortest.IndexOfAny(['E', 'e']);
        var mantissa = exponentAt < 0 ? shortest : shortest[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(shortest[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.');
        var digits = point < 0 ? mantissa : mantissa[..point] + mantissa[(point + 1)..];
        var integerDigits = (point < 0 ? mantissa.Length : point) + exponent;
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        integerDigits -= leadingZeros;
        if (digits.Length == 0)
            return "0";

        // ECMAScript Number::toString: k digits, decimal point after n of them.
        var k = digits.Length;
        var n = integerDigits;
        string result;
        if (k <= n && n <= 21)
            result = digits + new string('0', n - k);
        else if (0 < n && n <= 21)
            result = digits[..n] + "." + digits[n..];
        else if (-6 < n && n <= 0)
            result = "0." + new string('0', -n) + digits;
        else
        {
            var e = n - 1;
            var sign = e < 0 ? "-" : "+";
            var mantissaText = k == 1 ? digits : digits[..1] + "." + digits[1..];
            result = mantissaText + "e" + sign + Math.Abs(e).ToString(CultureInfo.InvariantCulture);
        }
        return negative ? "-" + result : result;
    }
}
