namespace Waterfall.Gateway.Protocols;

/// <summary>An upstream event stream the gateway cannot read on (an event beyond the size bound): an upstream failure.</summary>
public sealed class UpstreamStreamException(string message) : IOException(message);
