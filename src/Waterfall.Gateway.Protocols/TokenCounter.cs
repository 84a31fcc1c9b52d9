using Microsoft.ML.Tokenizers;

namespace Waterfall.Gateway.Protocols;

/// <summary>
/// Counts tokens the way the provider will, before it says so, to size a hold. Thread-safe; use
/// <see cref="Shared"/> (each tokenizer's data loads once, on first use).
/// </summary>
public sealed class TokenCounter
{
    // Claude's, DeepSeek's and Grok's tokenizers are not public. Their counts run at most roughly a
    // fifth above o200k_base on English and code, so o200k × 5/4 over-estimates: a hold sized from it
    // covers the call, and the capture uses the provider's exact count anyway.
    private const long EstimateNumerator = 5;
    private const long EstimateDenominator = 4;

    private readonly Lazy<Tokenizer> _o200k = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Lazy<Tokenizer> _cl100k = new(() => TiktokenTokenizer.CreateForEncoding("cl100k_base"), LazyThreadSafetyMode.ExecutionAndPublication);

    public static TokenCounter Shared { get; } = new();

    /// <summary>
    /// Loads both vocabularies now. The gateway calls it when it starts, so the first calls do not all wait
    /// (each on a thread-pool thread) for the data to load.
    /// </summary>
    public void Preload()
    {
        _ = _o200k.Value;
        _ = _cl100k.Value;
    }

    /// <summary>
    /// o200k_base: gpt-4o*, chatgpt-4o*, gpt-4.1*, gpt-4.5*, gpt-5*, o1*, o3*, o4*; cl100k_base: gpt-4,
    /// gpt-4-*, gpt-3.5*, text-embedding-3*, text-embedding-ada-002; everything else is estimated. A provider
    /// prefix ("openai/gpt-4o", "xai/grok-4") is stripped first.
    /// </summary>
    public TokenEncoding EncodingFor(string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var slash = model.LastIndexOf('/');
        var name = (slash >= 0 ? model[(slash + 1)..] : model).Trim().ToLowerInvariant();

        if (StartsWithAny(name, "gpt-4o", "chatgpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "o1", "o3", "o4"))
            return TokenEncoding.O200kBase;
        if (name == "gpt-4" || StartsWithAny(name, "gpt-4-", "gpt-3.5", "text-embedding-3", "text-embedding-ada-002"))
            return TokenEncoding.Cl100kBase;
        return TokenEncoding.Estimate;
    }

    /// <summary>The tokens of a text: exact for a tiktoken encoding; for an estimate, ceil(o200k count × 1.25).</summary>
    public long Count(string model, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var encoding = EncodingFor(model);
        return Finish(encoding, CountRaw(encoding, text));
    }

    /// <summary>A tally for a stream's output deltas for this model.</summary>
    public OutputTally StartTally(string model) => new(this, EncodingFor(model));

    /// <summary>The count before the estimate's factor: exact tokens, or o200k tokens for <see cref="TokenEncoding.Estimate"/>.</summary>
    internal long CountRaw(TokenEncoding encoding, string text)
    {
        if (text.Length == 0) return 0;
        var tokenizer = encoding == TokenEncoding.Cl100kBase ? _cl100k.Value : _o200k.Value;
        return tokenizer.CountTokens(text);
    }

    /// <summary>Applies the estimate's factor once, to a total of raw counts.</summary>
    internal static long Finish(TokenEncoding encoding, long raw) =>
        encoding == TokenEncoding.Estimate
            ? checked((raw * EstimateNumerator + EstimateDenominator - 1) / EstimateDenominator)
            : raw;

    private static bool StartsWithAny(string name, params ReadOnlySpan<string> prefixes)
    {
        foreach (var prefix in prefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal)) return true;
        }

        return false;
    }
}
