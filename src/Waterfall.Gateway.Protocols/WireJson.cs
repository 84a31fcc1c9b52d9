using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Waterfall.Gateway.Protocols;

/// <summary>How this layer reads and writes JSON: compact, and without escaping text that JSON does not require escaping.</summary>
internal static class WireJson
{
    // Relaxed escaping keeps non-ASCII prompts readable and no larger than the client sent them;
    // these bodies go to providers and API clients, never into HTML.
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    public static readonly JsonSerializerOptions SerializerOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 128 };

    public static byte[] ToBytes(JsonNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            node.WriteTo(writer, SerializerOptions);
        }

        return buffer.ToArray();
    }

    public static string ToText(JsonNode node) => node.ToJsonString(SerializerOptions);

    /// <summary>A JSON number whose text is the decimal's exact digits, without trailing zeros (0.000123, never 1.23E-4).</summary>
    public static JsonNode Number(decimal value) =>
        JsonNode.Parse(DecimalText(value))!;

    public static string DecimalText(decimal value) =>
        value.ToString("0.############################", CultureInfo.InvariantCulture);

    public static JsonObject? ParseObject(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonNode.Parse(json, documentOptions: DocumentOptions) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static JsonObject? ParseObject(string json)
    {
        try
        {
            return JsonNode.Parse(json, documentOptions: DocumentOptions) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string? StringOf(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public static long? LongOf(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var n) ? n : null;

    public static bool IsNull(JsonNode? node) => node is null || node.GetValueKind() == JsonValueKind.Null;
}
