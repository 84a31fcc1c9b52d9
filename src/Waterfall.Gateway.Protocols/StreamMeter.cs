using Waterfall.Domain.Pricing.Rating;
using System.Text.Json.Nodes;

namespace Waterfall.Gateway.Protocols;

/// <summary>
/// Meters one upstream stream and decides what the client sees. The provider's terminal events are held back
/// (never in a Forward) so the gateway can capture before the client sees the end; <see cref="Complete"/> or
/// <see cref="Cut"/> then ends the client's stream. Not thread-safe: one per call.
/// </summary>
public abstract class StreamMeter
{
    private protected StreamMeter(ParsedRequest request) => Request = request;

    protected ParsedRequest Request { get; }

    /// <summary>The meter for a chat, responses or messages request.</summary>
    public static StreamMeter For(ParsedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Endpoint switch
        {
            GatewayEndpoint.ChatCompletions => new ChatStreamMeter(request),
            GatewayEndpoint.Responses => new ResponsesStreamMeter(request),
            GatewayEndpoint.Messages => new MessagesStreamMeter(request),
            _ => throw new ArgumentException($"{request.Endpoint} does not stream.", nameof(request)),
        };
    }

    /// <summary>Feed one upstream event, in order.</summary>
    public abstract StreamStep Accept(SseEvent upstreamEvent);

    /// <summary>What the provider reported so far, or null.</summary>
    public abstract LlmUsage? Usage { get; }

    /// <summary>The provider's terminal event was seen (chat [DONE]; response.completed / incomplete / failed; message_stop).</summary>
    public abstract bool Finished { get; }

    /// <summary>The held-back terminal events with the cost, preceded by the <c>: waterfall</c> cost comment.</summary>
    public abstract byte[] Complete(decimal costUsd, string requestId);

    /// <summary>
    /// Ends a stream the gateway stops early because the wallet cannot pay for more: the protocol's own
    /// "output limit reached" ending, with <paramref name="charged"/> as the usage, then the cost comment and
    /// the final event. After the provider's terminal event it is <see cref="Complete"/>.
    /// </summary>
    public abstract byte[] Cut(LlmUsage charged, decimal costUsd, string requestId);

    private protected static StreamStep Pass(SseEvent upstreamEvent) => new(upstreamEvent.Raw, null, null);

    private protected static StreamStep Hold() => new(ReadOnlyMemory<byte>.Empty, null, null);

    /// <summary>An error the provider sent mid-stream: the HTTP status is long sent, so it is reported as 502.</summary>
    private protected static ProtocolError UpstreamErrorFrom(WireProtocol protocol, JsonObject error)
    {
        var type = WireJson.StringOf(error["type"]) ?? (protocol == WireProtocol.Anthropic ? "api_error" : "server_error");
        var code = WireJson.StringOf(error["code"]) ?? WireJson.LongOf(error["code"])?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? type;
        var message = WireJson.StringOf(error["message"]) ?? "The provider reported an error in the stream.";
        return new ProtocolError(502, type, code, message, WireJson.StringOf(error["param"]));
    }
}
