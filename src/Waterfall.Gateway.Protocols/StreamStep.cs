namespace Waterfall.Gateway.Protocols;

/// <summary>What one upstream event means for the client and the meter.</summary>
/// <param name="Forward">The bytes to send to the client now: possibly empty (held back), possibly rewritten.</param>
/// <param name="OutputText">The output text the event carries, to count its tokens; null when none.</param>
/// <param name="UpstreamError">An error the provider sent inside the stream (forwarded too); null when none.</param>
public readonly record struct StreamStep(ReadOnlyMemory<byte> Forward, string? OutputText, ProtocolError? UpstreamError);
