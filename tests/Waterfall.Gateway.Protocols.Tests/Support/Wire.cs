using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Waterfall.Gateway.Protocols.Tests.Support;

/// <summary>Shared steps: parse a fixture, read its events, run a meter over a stream.</summary>
public static class Wire
{
    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    public static JsonObject Json(ReadOnlySpan<byte> bytes) => (JsonObject)JsonNode.Parse(bytes)!;

    public static ParsedRequest Parse(GatewayEndpoint endpoint, string body, RequestLimits? limits = null)
    {
        var outcome = RequestParser.Parse(endpoint, Bytes(body), TokenCounter.Shared, limits ?? RequestLimits.Default);
        return outcome is ParseOutcome.Parsed parsed
            ? parsed.Request
            : throw new InvalidOperationException($"Expected the fixture to parse, got {((ParseOutcome.Refused)outcome).Error}");
    }

    public static ProtocolError Refusal(GatewayEndpoint endpoint, string body, RequestLimits? limits = null)
    {
        var outcome = RequestParser.Parse(endpoint, Bytes(body), TokenCounter.Shared, limits ?? RequestLimits.Default);
        return outcome is ParseOutcome.Refused refused
            ? refused.Error
            : throw new InvalidOperationException("Expected a refusal, the request parsed.");
    }

    public static async Task<List<SseEvent>> EventsAsync(byte[] stream)
    {
        var reader = new SseReader(new MemoryStream(stream));
        var events = new List<SseEvent>();
        while (await reader.ReadAsync(CancellationToken.None) is { } e) events.Add(e);
        return events;
    }

    /// <summary>Feeds every event of an upstream stream to the meter; what the client was sent so far, and each step.</summary>
    public static async Task<Metered> MeterAsync(StreamMeter meter, string upstream, int? stopAfterEvents = null)
    {
        var forwarded = new MemoryStream();
        var steps = new List<StreamStep>();
        foreach (var e in await EventsAsync(Bytes(upstream)))
        {
            if (stopAfterEvents is { } stop && steps.Count >= stop) break;
            var step = meter.Accept(e);
            steps.Add(step);
            forwarded.Write(step.Forward.Span);
        }

        return new Metered(forwarded, steps);
    }

    public sealed record Metered(MemoryStream Forwarded, List<StreamStep> Steps)
    {
        public string ForwardedText => Encoding.UTF8.GetString(Forwarded.ToArray());

        public string OutputText => string.Concat(Steps.Select(s => s.OutputText));

        public byte[] Then(byte[] ending) => [.. Forwarded.ToArray(), .. ending];
    }

    /// <summary>The data of each event as JSON, skipping [DONE].</summary>
    public static async Task<List<JsonObject>> DataObjectsAsync(byte[] stream) =>
        [.. (await EventsAsync(stream)).Where(e => !e.IsComment && e.Data.StartsWith('{')).Select(e => (JsonObject)JsonNode.Parse(e.Data)!)];

    public static string Compact(string json) => JsonSerializer.Serialize(JsonNode.Parse(json));
}
