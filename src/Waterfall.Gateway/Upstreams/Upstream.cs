using Waterfall.Gateway.Protocols;

namespace Waterfall.Gateway.Upstreams;

/// <summary>A configured provider the gateway forwards to.</summary>
public sealed record Upstream(string Provider, Uri BaseUrl, WireProtocol Protocol, string? ApiKey)
{
    /// <summary>The model id the provider knows: the catalog's own, less a <c>provider/</c> prefix (<c>xai/grok-3</c> → <c>grok-3</c>).</summary>
    public string ModelIdFor(string catalogModel) =>
        catalogModel.StartsWith(Provider + "/", StringComparison.OrdinalIgnoreCase) ? catalogModel[(Provider.Length + 1)..] : catalogModel;

    public Uri UrlFor(GatewayEndpoint endpoint) => new(BaseUrl, endpoint switch
    {
        GatewayEndpoint.ChatCompletions => "v1/chat/completions",
        GatewayEndpoint.Responses => "v1/responses",
        GatewayEndpoint.Embeddings => "v1/embeddings",
        GatewayEndpoint.Messages => "v1/messages",
        GatewayEndpoint.CountTokens => "v1/messages/count_tokens",
        _ => throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, null),
    });

    /// <summary>Safe to log: the key is never part of it.</summary>
    public override string ToString() => $"{Provider} ({Protocol}) at {BaseUrl}";
}
