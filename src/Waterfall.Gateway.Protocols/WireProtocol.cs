namespace Waterfall.Gateway.Protocols;

/// <summary>The provider wire format a client speaks: it decides the shape of requests, streams and refusals.</summary>
public enum WireProtocol
{
    OpenAi,
    Anthropic,
}
