namespace Waterfall.Gateway.Protocols;

public static class GatewayEndpoints
{
    /// <summary>Messages and CountTokens are Anthropic's; the rest are OpenAI's.</summary>
    public static WireProtocol ProtocolOf(this GatewayEndpoint endpoint) => endpoint switch
    {
        GatewayEndpoint.Messages or GatewayEndpoint.CountTokens => WireProtocol.Anthropic,
        GatewayEndpoint.ChatCompletions or GatewayEndpoint.Responses or GatewayEndpoint.Embeddings => WireProtocol.OpenAi,
        _ => throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, "Not a gateway endpoint."),
    };

    /// <summary>Whether the endpoint can answer with a server-sent event stream.</summary>
    public static bool CanStream(this GatewayEndpoint endpoint) =>
        endpoint is GatewayEndpoint.ChatCompletions or GatewayEndpoint.Responses or GatewayEndpoint.Messages;
}
