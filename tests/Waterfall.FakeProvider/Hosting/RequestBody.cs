using System.Text.Json;
using Waterfall.FakeProvider.Scripting;

namespace Waterfall.FakeProvider.Hosting;

/// <summary>Reading request fields the way the providers validate them: a wrong field is a 400 naming it.</summary>
internal static class RequestBody
{
    public static JsonElement Parse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement.Clone();
            return root.ValueKind == JsonValueKind.Object
                ? root
                : throw ProtocolError.BadRequest("The request body must be a JSON object.");
        }
        catch (JsonException)
        {
            throw ProtocolError.BadRequest("The request body is not valid JSON.");
        }
    }

    public static JsonElement? Field(this JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public static string RequiredString(this JsonElement body, string name) =>
        body.Field(name) is { ValueKind: JsonValueKind.String } value && value.GetString() is { Length: > 0 } text
            ? text
            : throw ProtocolError.BadRequest($"'{name}' is required and must be a non-empty string.", name);

    public static JsonElement RequiredArray(this JsonElement body, string name) =>
        body.Field(name) is { ValueKind: JsonValueKind.Array } value && value.GetArrayLength() > 0
            ? value
            : throw ProtocolError.BadRequest($"'{name}' is required and must be a non-empty array.", name);

    public static int? OptionalInt(this JsonElement body, string name, int minimum, int maximum = int.MaxValue)
    {
        if (body.Field(name) is not { } value) return null;
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n >= minimum && n <= maximum
            ? n
            : throw ProtocolError.BadRequest(
                $"'{name}' must be an integer from {minimum}{(maximum == int.MaxValue ? " up" : $" to {maximum}")}.", name);
    }

    public static bool OptionalBool(this JsonElement body, string name) => body.Field(name) switch
    {
        null => false,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => throw ProtocolError.BadRequest($"'{name}' must be a boolean.", name),
    };

    public static string? OptionalString(this JsonElement body, string name) => body.Field(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        _ => throw ProtocolError.BadRequest($"'{name}' must be a string.", name),
    };

    /// <summary>
    /// The texts of a message's content: a plain string, or the text of each text part
    /// (<c>text</c>, <c>input_text</c>, <c>output_text</c>); other parts (images, tool calls) carry no text.
    /// </summary>
    public static IEnumerable<string> ContentTexts(JsonElement? content)
    {
        switch (content)
        {
            case { ValueKind: JsonValueKind.String } text:
                yield return text.GetString()!;
                break;
            case { ValueKind: JsonValueKind.Array } parts:
                foreach (var part in parts.EnumerateArray())
                {
                    if (part.ValueKind == JsonValueKind.Object
                        && part.OptionalString("type") is "text" or "input_text" or "output_text"
                        && part.Field("text") is { ValueKind: JsonValueKind.String } partText)
                        yield return partText.GetString()!;
                }
                break;
        }
    }

    /// <summary>The text of the last message whose role is "user", where directives are read.</summary>
    public static string? LastUserText(IEnumerable<JsonElement> messages)
    {
        string? last = null;
        foreach (var message in messages)
        {
            if (message.ValueKind == JsonValueKind.Object && message.Field("role") is { ValueKind: JsonValueKind.String } role
                && role.GetString() == "user")
                last = string.Join("\n", ContentTexts(message.Field("content")));
        }
        return last;
    }
}
