namespace Waterfall.Domain.Pricing.Catalog;

/// <summary>
/// What one model costs, in exact USD per token, as the catalog states it. A null price means the
/// catalog does not list it; the rater decides what stands in for it (see <c>docs/rating.md</c>),
/// so nothing here guesses.
/// </summary>
public sealed record ModelPrice
{
    /// <summary>The model key callers send, e.g. <c>gpt-4o</c> or <c>xai/grok-3</c>. Matched exactly (ordinal).</summary>
    public required string Id { get; init; }

    public required string Provider { get; init; }

    /// <summary><c>chat</c>, <c>completion</c>, <c>responses</c>, <c>embedding</c>, ...: informative, never used to price.</summary>
    public required string Mode { get; init; }

    public decimal? Input { get; init; }
    public decimal? Output { get; init; }
    public decimal? CacheRead { get; init; }

    /// <summary>Writing to the prompt cache; for Anthropic this is the 5-minute cache.</summary>
    public decimal? CacheWrite5m { get; init; }

    /// <summary>Writing to the 1-hour prompt cache (the catalog's <c>cache_creation_input_token_cost_above_1hr</c>).</summary>
    public decimal? CacheWrite1h { get; init; }

    public decimal? AudioInput { get; init; }
    public decimal? AudioOutput { get; init; }
    public decimal? Reasoning { get; init; }
    public decimal? BatchInput { get; init; }
    public decimal? BatchOutput { get; init; }

    /// <summary>Long-context tiers, ascending by threshold. Empty when the model has none.</summary>
    public IReadOnlyList<LongContextTier> LongContextTiers { get; init; } = [];

    /// <summary>The context limit as the catalog states it. Informative: rating does not enforce it.</summary>
    public long? MaxInputTokens { get; init; }

    public long? MaxOutputTokens { get; init; }

    /// <summary>
    /// The highest tier whose threshold the prompt strictly exceeds, or null for base rates.
    /// Only the highest applies: tiers replace each other, they do not stack.
    /// </summary>
    public LongContextTier? TierFor(long promptTokens)
    {
        LongContextTier? chosen = null;
        foreach (var tier in LongContextTiers)
            if (promptTokens > tier.ThresholdTokens && (chosen is null || tier.ThresholdTokens > chosen.ThresholdTokens))
                chosen = tier;
        return chosen;
    }

    /// <summary>
    /// What is wrong with this price, if anything. Operators supply overrides, so a bad one must be
    /// reported field by field rather than discovered as a wrong bill.
    /// </summary>
    public IReadOnlyList<FieldViolation> Violations()
    {
        var violations = new List<FieldViolation>();
        if (string.IsNullOrWhiteSpace(Id)) violations.Add(new("id", "is required"));
        if (string.IsNullOrWhiteSpace(Provider)) violations.Add(new("provider", "is required"));
        if (string.IsNullOrWhiteSpace(Mode)) violations.Add(new("mode", "is required"));

        void NonNegative(string field, decimal? price)
        {
            if (price < 0) violations.Add(new(field, "must not be negative"));
        }

        NonNegative("input", Input);
        NonNegative("output", Output);
        NonNegative("cache_read", CacheRead);
        NonNegative("cache_write_5m", CacheWrite5m);
        NonNegative("cache_write_1h", CacheWrite1h);
        NonNegative("audio_input", AudioInput);
        NonNegative("audio_output", AudioOutput);
        NonNegative("reasoning", Reasoning);
        NonNegative("batch_input", BatchInput);
        NonNegative("batch_output", BatchOutput);
        if (MaxInputTokens < 0) violations.Add(new("max_input_tokens", "must not be negative"));
        if (MaxOutputTokens < 0) violations.Add(new("max_output_tokens", "must not be negative"));

        if (LongContextTiers is null)
        {
            violations.Add(new("long_context_tiers", "must not be null (use an empty list)"));
            return violations;
        }
        var seen = new HashSet<long>();
        for (var i = 0; i < LongContextTiers.Count; i++)
        {
            var tier = LongContextTiers[i];
            var field = $"long_context_tiers[{i}]";
            if (tier is null)
            {
                violations.Add(new(field, "must not be null"));
                continue;
            }
            if (tier.ThresholdTokens <= 0) violations.Add(new($"{field}.threshold_tokens", "must be positive"));
            else if (!seen.Add(tier.ThresholdTokens)) violations.Add(new($"{field}.threshold_tokens", "is listed twice"));
            NonNegative($"{field}.input", tier.Input);
            NonNegative($"{field}.output", tier.Output);
            NonNegative($"{field}.cache_read", tier.CacheRead);
            NonNegative($"{field}.cache_write", tier.CacheWrite);
        }
        return violations;
    }

    // A record compares lists by reference; two prices with the same tiers are the same price.
    public bool Equals(ModelPrice? other) =>
        other is not null &&
        Id == other.Id && Provider == other.Provider && Mode == other.Mode &&
        Input == other.Input && Output == other.Output && CacheRead == other.CacheRead &&
        CacheWrite5m == other.CacheWrite5m && CacheWrite1h == other.CacheWrite1h &&
        AudioInput == other.AudioInput && AudioOutput == other.AudioOutput && Reasoning == other.Reasoning &&
        BatchInput == other.BatchInput && BatchOutput == other.BatchOutput &&
        MaxInputTokens == other.MaxInputTokens && MaxOutputTokens == other.MaxOutputTokens &&
        LongContextTiers.SequenceEqual(other.LongContextTiers);

    public override int GetHashCode() => HashCode.Combine(Id, Provider, Input, Output, LongContextTiers.Count);
}
