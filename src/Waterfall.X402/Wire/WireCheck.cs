using System.Text.Json;

namespace Waterfall.X402;

/// <summary>The checks the reference's zod schemas make, with messages that name the member.</summary>
internal static class WireCheck
{
    public static void NotEmpty(string? value, string path)
    {
        if (string.IsNullOrEmpty(value))
            throw new X402FormatException($"{path}: must be a non-empty string.");
    }

    public static void Caip2(string? value, string path)
    {
        if (value is null || value.Length < 3 || !value.Contains(':', StringComparison.Ordinal))
            throw new X402FormatException($"{path}: must be in CAIP-2 format (e.g. 'eip155:84532'), got '{Shorten(value)}'.");
    }

    public static void Positive(long value, string path)
    {
        if (value <= 0)
            throw new X402FormatException($"{path}: must be positive.");
    }

    public static void Object(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw new X402FormatException($"{path}: must be a JSON object.");
    }

    // serviceName and tags: 1 to 32 printable ASCII characters.
    public static void Label(string value, string path)
    {
        if (value.Length is < 1 or > 32 || value.Any(c => c is < '\x20' or > '\x7e'))
            throw new X402FormatException($"{path}: must be 1 to 32 printable ASCII characters.");
    }

    public static string? ExtraString(IReadOnlyDictionary<string, JsonElement>? extra, string key) =>
        extra is not null && extra.TryGetValue(key, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static string Shorten(string? value) =>
        value is null ? "" : value.Length <= 80 ? value : value[..77] + "...";
}
