using Waterfall.Domain.Money;

namespace Waterfall.Domain.Pricing.Rating;

/// <summary>
/// An LLM call priced line by line. The exact cost is kept as a decimal; the money charged is
/// that figure rounded once to the nano-dollar, half away from zero.
/// </summary>
/// <param name="Tier">The long-context tier that priced the call (e.g. "above_200k"), or null for base rates.</param>
/// <param name="PricingVersion">The tenant pricing version that priced it (0: the configured markup alone; null in entries written before versions existed).
/// Provenance only: it takes no part in equality, so a retry is the same call whatever version rated it.</param>
public sealed record RatedUsage(
    string Model,
    string Provider,
    IReadOnlyList<RatedLine> Lines,
    bool Batch,
    string? Tier,
    int? PricingVersion = null)
{
    public decimal ExactCost
    {
        get
        {
            decimal total = 0;
            foreach (var line in Lines) total += line.Cost;
            return total;
        }
    }

    public long CostNanos => NanoDollars.Round(ExactCost);

    public long TotalTokens
    {
        get
        {
            long total = 0;
            foreach (var line in Lines) total = checked(total + line.Tokens);
            return total;
        }
    }

    public long TokensOf(UsageComponent component)
    {
        long total = 0;
        foreach (var line in Lines)
            if (line.Component == component) total += line.Tokens;
        return total;
    }

    public bool Equals(RatedUsage? other) =>
        other is not null && Model == other.Model && Provider == other.Provider && Batch == other.Batch &&
        Tier == other.Tier && Lines.SequenceEqual(other.Lines);

    public override int GetHashCode() => HashCode.Combine(Model, Provider, Lines.Count, Batch, Tier);
}
