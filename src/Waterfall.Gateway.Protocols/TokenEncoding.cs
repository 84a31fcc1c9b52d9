namespace Waterfall.Gateway.Protocols;

/// <summary>How a model's tokens are counted before the provider reports them.</summary>
public enum TokenEncoding
{
    /// <summary>tiktoken o200k_base: exact for GPT-4o, GPT-4.1, GPT-4.5, GPT-5 and the o-series.</summary>
    O200kBase,

    /// <summary>tiktoken cl100k_base: exact for GPT-4, GPT-3.5 and the text-embedding models.</summary>
    Cl100kBase,

    /// <summary>
    /// A conservative estimate for models whose tokenizer is not public (Claude, DeepSeek, Grok…):
    /// the o200k_base count × 1.25, rounded up.
    /// </summary>
    Estimate,
}
