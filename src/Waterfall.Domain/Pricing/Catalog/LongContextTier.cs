namespace Waterfall.Domain.Pricing.Catalog;

/// <summary>
/// A long-context price tier: once a request's prompt is larger than <see cref="ThresholdTokens"/>,
/// the whole request is priced at these rates. A null rate means the model has no tier price for
/// that component, and the base rate applies (see <c>docs/rating.md</c>).
/// </summary>
/// <param name="ThresholdTokens">Strict lower bound: the tier applies to prompts of more than this many tokens.</param>
/// <param name="CacheWrite">The cache-write (5-minute) price in this tier.</param>
public sealed record LongContextTier(
    long ThresholdTokens,
    decimal? Input,
    decimal? Output,
    decimal? CacheRead,
    decimal? CacheWrite)
{
    /// <summary>
    /// The tier's name as it appears in the catalog's field names and on <c>RatedUsage.Tier</c>:
    /// <c>above_200k</c> for 200,000 tokens (the catalog's "k" is 1,000, not 1,024).
    /// </summary>
    public string Name => ThresholdTokens % 1000 == 0 && ThresholdTokens > 0
        ? $"above_{ThresholdTokens / 1000}k"
        : $"above_{ThresholdTokens}";
}
