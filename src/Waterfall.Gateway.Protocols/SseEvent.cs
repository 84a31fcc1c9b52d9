namespace Waterfall.Gateway.Protocols;

/// <summary>
/// One server-sent event as it arrived: its raw bytes (ending with the blank line), the event name, the data
/// (multi-line data joined with \n), and whether it carried only comment lines (a keep-alive).
/// </summary>
public sealed record SseEvent(ReadOnlyMemory<byte> Raw, string? Event, string Data, bool IsComment);
