namespace Waterfall.Gateway.Protocols;

/// <summary>The provider endpoints the gateway serves wire-compatibly.</summary>
public enum GatewayEndpoint
{
    /// <summary>OpenAI <c>POST /v1/chat/completions</c>.</summary>
    ChatCompletions,

    /// <summary>OpenAI <c>POST /v1/responses</c>.</summary>
    Responses,

    /// <summary>OpenAI <c>POST /v1/embeddings</c>.</summary>
    Embeddings,

    /// <summary>Anthropic <c>POST /v1/messages</c>.</summary>
    Messages,

    /// <summary>Anthropic <c>POST /v1/messages/count_tokens</c>.</summary>
    CountTokens,
}
