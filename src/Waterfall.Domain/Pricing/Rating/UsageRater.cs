using Waterfall.Domain.Money;
using Waterfall.Domain.Pricing.Catalog;

namespace Waterfall.Domain.Pricing.Rating;

/// <summary>
/// Prices LLM calls against a catalog, with a tenant's overrides and markup. Pure and immutable:
/// one rater per tenant can serve every call concurrently.
/// </summary>
/// <remarks>
/// The rules, in full (also in <c>docs/rating.md</c>):
/// <list type="number">
/// <item>Lines come in <see cref="UsageComponent"/> order, one per component with tokens &gt; 0.
/// Each line's unit price is the exact USD per token after tier, batch and markup.</item>
/// <item>Long-context tier: the prompt size is Input + CacheRead + CacheWrite5m + CacheWrite1h +
/// AudioInput. The highest tier whose threshold it strictly exceeds prices the whole request: each
/// component takes the tier's rate where the tier has one, else the base rate.
/// <c>max_input_tokens</c> is not enforced.</item>
/// <item>Batch: input and output take the model's batch prices where it has them (they win over a
/// tier, which the catalog never prices for batch); the other components are unchanged.</item>
/// <item>Fallbacks, resolved against the rates this request pays (after tier and batch): cache
/// read → input; 5-minute cache write → input; 1-hour cache write → 5-minute cache write → input;
/// reasoning → output; audio input → input; audio output → output.</item>
/// <item>A component with tokens whose price is still missing (output of an embedding model) is
/// refused as INVALID_ARGUMENT; with zero tokens it simply has no line.</item>
/// <item>Markup multiplies each unit price by exactly 1 + MarkupPercent/100.</item>
/// <item>No rounding here: <see cref="RatedUsage.ExactCost"/> sums the exact lines and
/// <see cref="RatedUsage.CostNanos"/> rounds the total once.</item>
/// </list>
/// </remarks>
public sealed class UsageRater
{
    /// <summary>The most one call may cost: the largest amount one ledger operation may carry.</summary>
    public static readonly decimal MaxCostUsd = NanoDollars.ToUsd(Amount.MaxValue);

    private static readonly UsageComponent[] Components = Enum.GetValues<UsageComponent>();

    private readonly decimal _markupFactor;

    /// <param name="pricingVersion">The tenant's published pricing version these prices are (0: the configured markup alone); every rated call carries it.</param>
    public UsageRater(PriceCatalog catalog, TenantPricing? tenant = null, int pricingVersion = 0)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        Tenant = tenant ?? TenantPricing.None;
        PricingVersion = pricingVersion;
        // Overrides are merged once here, not per call: rating is the hot path.
        Catalog = Tenant.Apply(catalog);
        _markupFactor = Tenant.MarkupFactor;
    }

    /// <summary>The catalog this rater prices from: the given one with the tenant's overrides applied.</summary>
    public PriceCatalog Catalog { get; }

    public TenantPricing Tenant { get; }

    public int PricingVersion { get; }

    /// <summary>
    /// Prices a call. Refuses with INVALID_ARGUMENT (field violations) for a missing model id,
    /// negative or oversized token counts, tokens of a component the model has no price for, or a
    /// cost above <see cref="MaxCostUsd"/>; with UNKNOWN_MODEL (metadata <c>model</c>) for a model
    /// the catalog does not list.
    /// </summary>
    public RatingResult Rate(LlmUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);

        var violations = CheckShape(usage);
        if (violations.Count > 0) return Refusal.Invalid([.. violations]);

        if (!Catalog.TryGet(usage.Model, out var price))
            return Refusal.Of(
                Reasons.UnknownModel,
                $"No price is known for model '{usage.Model}'.",
                new Dictionary<string, string> { ["model"] = usage.Model });

        var tier = price.TierFor(usage.PromptTokens);
        var rates = Rates.For(price, tier, usage.Batch);
        var lines = new List<RatedLine>(Components.Length);
        try
        {
            foreach (var component in Components)
            {
                var tokens = usage.TokensOf(component);
                if (tokens == 0) continue;
                if (rates[component] is { } rate)
                    lines.Add(new RatedLine(component, tokens, rate * _markupFactor));
                else
                    violations.Add(new(
                        LlmUsage.FieldOf(component),
                        $"model '{price.Id}' ({price.Mode}) has no price for {Describe(component)}, so this count must be 0"));
            }
            if (violations.Count > 0) return Refusal.Invalid([.. violations]);

            var rated = new RatedUsage(price.Id, price.Provider, lines, usage.Batch, tier?.Name, PricingVersion);
            // The ledger cannot carry more than Amount.MaxValue in one operation; refuse here with a
            // reason rather than fail later with an overflow.
            if (rated.CostNanos > Amount.MaxValue) return CostTooHigh();
            return rated;
        }
        catch (OverflowException)
        {
            // Only reachable with absurd override prices or markups; still an answer, not a crash.
            return CostTooHigh();
        }
    }

    private static List<FieldViolation> CheckShape(LlmUsage usage)
    {
        var violations = new List<FieldViolation>();
        if (string.IsNullOrWhiteSpace(usage.Model)) violations.Add(new("model", "is required"));
        long total = 0;
        foreach (var component in Components)
        {
            var tokens = usage.TokensOf(component);
            if (tokens < 0) violations.Add(new(LlmUsage.FieldOf(component), "must not be negative"));
            else if (tokens > Amount.MaxValue) violations.Add(new(LlmUsage.FieldOf(component), $"must not exceed {Amount.MaxValue}"));
            else total += tokens; // at most 8 × 1e17: cannot overflow
        }
        if (violations.Count == 0 && total > Amount.MaxValue)
            violations.Add(new("tokens", $"the call's tokens must not exceed {Amount.MaxValue} in total"));
        return violations;
    }

    private static Refusal CostTooHigh() =>
        Refusal.Invalid(new FieldViolation("tokens", $"the call would cost more than {MaxCostUsd} USD, the most one operation may carry"));

    private static string Describe(UsageComponent component) => component switch
    {
        UsageComponent.Input => "input tokens",
        UsageComponent.Output => "output tokens",
        UsageComponent.CacheRead => "cache reads",
        UsageComponent.CacheWrite5m => "cache writes",
        UsageComponent.CacheWrite1h => "1-hour cache writes",
        UsageComponent.Reasoning => "reasoning tokens",
        UsageComponent.AudioInput => "audio input",
        UsageComponent.AudioOutput => "audio output",
        _ => component.ToString(),
    };

    /// <summary>The USD-per-token rate of each component for one request, before markup; null = no price.</summary>
    private readonly record struct Rates(
        decimal? Input,
        decimal? CacheRead,
        decimal? CacheWrite5m,
        decimal? CacheWrite1h,
        decimal? AudioInput,
        decimal? Output,
        decimal? Reasoning,
        decimal? AudioOutput)
    {
        public decimal? this[UsageComponent component] => component switch
        {
            UsageComponent.Input => Input,
            UsageComponent.CacheRead => CacheRead,
            UsageComponent.CacheWrite5m => CacheWrite5m,
            UsageComponent.CacheWrite1h => CacheWrite1h,
            UsageComponent.AudioInput => AudioInput,
            UsageComponent.Output => Output,
            UsageComponent.Reasoning => Reasoning,
            UsageComponent.AudioOutput => AudioOutput,
            _ => null,
        };

        public static Rates For(ModelPrice price, LongContextTier? tier, bool batch)
        {
            // The two rates every fallback leads back to: what a plain input or output token of
            // this very request costs. Batch prices win over a tier (the catalog has no batch
            // rates per tier); a tier wins over the base rate.
            var input = (batch ? price.BatchInput : null) ?? tier?.Input ?? price.Input;
            var output = (batch ? price.BatchOutput : null) ?? tier?.Output ?? price.Output;

            // A component with a price of its own keeps it (tier first); one without is priced
            // like the token it stands in for in this request.
            var cacheWrite5m = tier?.CacheWrite ?? price.CacheWrite5m ?? input;
            return new Rates(
                Input: input,
                CacheRead: tier?.CacheRead ?? price.CacheRead ?? input,
                CacheWrite5m: cacheWrite5m,
                // The catalog has no 1-hour write price per tier, so the base one applies above a threshold.
                CacheWrite1h: price.CacheWrite1h ?? cacheWrite5m,
                AudioInput: price.AudioInput ?? input,
                Output: output,
                Reasoning: price.Reasoning ?? output,
                AudioOutput: price.AudioOutput ?? output);
        }
    }
}
