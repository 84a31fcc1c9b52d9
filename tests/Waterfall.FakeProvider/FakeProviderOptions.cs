namespace Waterfall.FakeProvider;

/// <summary>What the fake accepts and how much it says by default.</summary>
public sealed record FakeProviderOptions
{
    public const string DefaultOpenAIKey = "fake-openai-key";
    public const string DefaultAnthropicKey = "fake-anthropic-key";

    /// <summary>Keys accepted as <c>Authorization: Bearer &lt;key&gt;</c> on the OpenAI protocol.</summary>
    public IReadOnlyList<string> OpenAIKeys { get; init; } = [DefaultOpenAIKey];

    /// <summary>Keys accepted as <c>x-api-key</c> on the Anthropic protocol.</summary>
    public IReadOnlyList<string> AnthropicKeys { get; init; } = [DefaultAnthropicKey];

    /// <summary>Any non-empty key passes (a missing one is still refused, as the providers do).</summary>
    public bool AcceptAnyKey { get; init; }

    /// <summary>Output pieces (one token each) when the request does not say <c>fake:output=N</c>.</summary>
    public int DefaultOutputPieces { get; init; } = 16;

    /// <summary>Length of every embedding vector unless the request asks for <c>dimensions</c>.</summary>
    public int EmbeddingDimensions { get; init; } = 8;

    /// <summary>How many received requests <c>Requests</c> keeps (the newest); older ones are forgotten, so a load run stays bounded.</summary>
    public int MaxRecordedRequests { get; init; } = 100_000;
}
