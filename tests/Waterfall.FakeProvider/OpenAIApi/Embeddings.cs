using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Waterfall.FakeProvider.Hosting;
using Waterfall.FakeProvider.Scripting;

namespace Waterfall.FakeProvider.OpenAIApi;

/// <summary><c>POST /v1/embeddings</c>: a fixed-length unit vector per input, derived from the input alone.</summary>
internal static class Embeddings
{
    public static async Task HandleAsync(FakeCall call)
    {
        var body = call.Body;
        var model = body.RequiredString("model");
        var inputs = ReadInputs(body);
        var dimensions = body.OptionalInt("dimensions", 1, 4096) ?? call.Options.EmbeddingDimensions;
        var base64 = body.OptionalString("encoding_format") switch
        {
            null or "float" => false,
            "base64" => true,
            var other => throw ProtocolError.BadRequest($"'encoding_format' must be 'float' or 'base64', not '{other}'.", "encoding_format"),
        };
        var directives = Directives.Parse(inputs.LastOrDefault(i => i.Text is not null)?.Text);
        if (!await call.ActBeforeOutputAsync(directives with { DelayMs = 0 }, streaming: false, pieces: 0)) return;
        if (directives.DelayMs > 0) await Task.Delay(directives.DelayMs, call.Aborted);

        var promptTokens = inputs.Sum(i => i.Tokens);
        var data = new JsonArray();
        for (var index = 0; index < inputs.Count; index++)
        {
            var vector = Vector(inputs[index].Identity, dimensions);
            data.Add(new JsonObject
            {
                ["object"] = "embedding",
                ["index"] = index,
                ["embedding"] = base64 ? Base64(vector) : new JsonArray([.. vector.Select(v => JsonValue.Create(v))]),
            });
        }
        var json = new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = model,
            ["usage"] = new JsonObject { ["prompt_tokens"] = promptTokens, ["total_tokens"] = promptTokens },
        };
        await call.WriteJsonAsync(json);
    }

    private sealed record Input(string? Text, int Tokens, string Identity);

    /// <summary>A string, an array of strings, an array of token ids, or an array of token-id arrays.</summary>
    private static List<Input> ReadInputs(JsonElement body)
    {
        var input = body.Field("input");
        return input switch
        {
            { ValueKind: JsonValueKind.String } text => [TextInput(text)],
            { ValueKind: JsonValueKind.Array } items when items.GetArrayLength() > 0 => items[0].ValueKind switch
            {
                JsonValueKind.String => [.. items.EnumerateArray().Select(TextInput)],
                JsonValueKind.Number => [TokenInput(items)],
                JsonValueKind.Array => [.. items.EnumerateArray().Select(TokenInput)],
                _ => throw InvalidInput(),
            },
            _ => throw InvalidInput(),
        };
    }

    private static Input TextInput(JsonElement item) =>
        item.ValueKind == JsonValueKind.String && item.GetString() is { Length: > 0 } text
            ? new Input(text, PromptTokens.Count(text), "text:" + text)
            : throw InvalidInput();

    private static Input TokenInput(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Array || item.GetArrayLength() == 0) throw InvalidInput();
        var ids = item.EnumerateArray()
            .Select(id => id.ValueKind == JsonValueKind.Number && id.TryGetInt32(out var n) && n >= 0 ? n : throw InvalidInput())
            .ToList();
        return new Input(null, ids.Count, "tokens:" + string.Join(',', ids));
    }

    private static ProtocolError InvalidInput() => ProtocolError.BadRequest(
        "'input' must be a non-empty string, an array of non-empty strings, an array of token ids, or an array of token-id arrays.", "input");

    // Not a money path: embeddings are floats on the wire, and these only need to be stable per input.
    private static float[] Vector(string identity, int dimensions)
    {
        var vector = new float[dimensions];
        for (var i = 0; i < dimensions; i += 16)
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{identity}#{i / 16}"));
            for (var j = 0; j < 16 && i + j < dimensions; j++)
                vector[i + j] = BinaryPrimitives.ReadInt16LittleEndian(hash.AsSpan(j * 2, 2)) / 32768f;
        }
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        if (norm > 0) for (var i = 0; i < dimensions; i++) vector[i] /= norm;
        return vector;
    }

    private static string Base64(float[] vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        for (var i = 0; i < vector.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
        return Convert.ToBase64String(bytes);
    }
}
