using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Waterfall.Gateway.Protocols;

/// <summary>Writes the events the gateway synthesizes, in one buffer per batch.</summary>
internal sealed class SseWriter
{
    private readonly MemoryStream _buffer = new();

    /// <summary>An unnamed event (OpenAI chat): <c>data: {…}</c>.</summary>
    public SseWriter Data(JsonNode data)
    {
        Write("data: ");
        WriteJson(data);
        Write("\n\n");
        return this;
    }

    /// <summary>A named event (Responses, Anthropic): <c>event: name</c> then <c>data: {…}</c>.</summary>
    public SseWriter Event(string name, JsonNode data)
    {
        Write("event: ");
        Write(name);
        Write("\n");
        return Data(data);
    }

    public SseWriter Raw(ReadOnlySpan<byte> bytes)
    {
        _buffer.Write(bytes);
        return this;
    }

    public SseWriter Done() => Raw("data: [DONE]\n\n"u8);

    /// <summary>
    /// <c>: waterfall {"request_id":…,"cost":"…"}</c>: a comment line, so SDKs ignore it, that a client reading the
    /// raw stream can take the request's cost from. It opens the final event's block, so no empty event is dispatched.
    /// </summary>
    public SseWriter CostComment(decimal costUsd, string requestId)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        Write(": waterfall ");
        using (var writer = new Utf8JsonWriter(_buffer, WireJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("request_id", requestId);
            writer.WriteString("cost", WireJson.DecimalText(costUsd));
            writer.WriteEndObject();
        }

        Write("\n");
        return this;
    }

    public byte[] ToArray() => _buffer.ToArray();

    private void WriteJson(JsonNode node)
    {
        using var writer = new Utf8JsonWriter(_buffer, WireJson.WriterOptions);
        node.WriteTo(writer, WireJson.SerializerOptions);
    }

    private void Write(string text) => _buffer.Write(Encoding.UTF8.GetBytes(text));
}
