using Waterfall.Domain.Money;
using Waterfall.Domain.Pricing.Catalog;
using Waterfall.Domain.Pricing.Rating;

namespace Waterfall.Domain.Metering;

/// <summary>
/// What a metered LLM call may cost before its usage is known, for one model at one tenant's prices:
/// the worst case a hold must cover, the price of more output while a response streams, and how far
/// the output limit must shrink to fit what the wallet affords. Pure: the gateway asks, the wallet decides.
/// </summary>
/// <remarks>
/// Output is always priced at the dearer of the model's output and reasoning rates, because a reasoning
/// model may spend the whole output limit on reasoning and the hold must cover whichever arrives.
/// </remarks>
public sealed class CallPricing
{
    private const long RateProbeTokens = 1_000_000;

    private readonly UsageRater _rater;
    private readonly bool _reasoningIsDearer;

    private CallPricing(UsageRater rater, ModelPrice model, bool reasoningIsDearer, decimal outputRate)
    {
        _rater = rater;
        Model = model;
        _reasoningIsDearer = reasoningIsDearer;
        OutputRate = outputRate;
    }

    public ModelPrice Model { get; }

    /// <summary>USD per output token after markup, at the dearer of output and reasoning.</summary>
    public decimal OutputRate { get; }

    /// <summary>The pricing of a model the rater's catalog lists; a refusal (UNKNOWN_MODEL) otherwise.</summary>
    public static CallPricing? For(UsageRater rater, string modelId, out Refusal? refusal)
    {
        ArgumentNullException.ThrowIfNull(rater);
        refusal = null;
        if (!rater.Catalog.TryGet(modelId, out var model))
        {
            refusal = Refusal.Of(Reasons.UnknownModel, $"No price is known for model '{modelId}'.", new Dictionary<string, string> { ["model"] = modelId });
            return null;
        }
        var output = ProbeRate(rater, new LlmUsage(model.Id, OutputTokens: RateProbeTokens));
        var reasoning = ProbeRate(rater, new LlmUsage(model.Id, ReasoningTokens: RateProbeTokens));
        var reasoningIsDearer = reasoning > output;
        return new CallPricing(rater, model, reasoningIsDearer, Math.Max(output ?? 0m, reasoning ?? 0m));
    }

    /// <summary>The output limit to assume when a request names none: the model's own, else <paramref name="fallback"/>.</summary>
    public long DefaultOutputLimit(long fallback) => Model.MaxOutputTokens is > 0 and var max ? max : fallback;

    /// <summary>The most a call can cost: its prompt, and <paramref name="outputTokens"/> per choice at the dearest output rate.</summary>
    public RatingResult WorstCase(long promptTokens, long outputTokens, int choices) =>
        _rater.Rate(OutputUsage(checked(outputTokens * choices)) with { InputTokens = promptTokens });

    /// <summary>The price of <paramref name="outputTokens"/> more output, to grow a streaming call's hold by.</summary>
    public RatingResult MoreOutput(long outputTokens) => _rater.Rate(OutputUsage(outputTokens));

    /// <summary>Rates usage as reported by a provider, or as counted by the gateway when the provider reported none.</summary>
    public RatingResult Actual(LlmUsage usage) => _rater.Rate(usage with { Model = Model.Id });

    /// <summary>
    /// The output limit per choice that takes at least <paramref name="excessNanos"/> off a hold for
    /// <paramref name="outputTokens"/> per choice: 0 when even no output would not be enough.
    /// One nano-dollar of slack covers the hold's own rounding.
    /// </summary>
    public long ShrinkOutput(long outputTokens, int choices, long excessNanos)
    {
        if (excessNanos <= 0) return outputTokens;
        if (OutputRate <= 0) return 0; // output is free: the excess is in the prompt, which no limit shrinks
        var drop = decimal.Ceiling(NanoDollars.ToUsd(excessNanos + 1) / OutputRate);
        var perChoice = (long)decimal.Ceiling(drop / choices);
        return Math.Max(0, outputTokens - perChoice);
    }

    private LlmUsage OutputUsage(long tokens) => _reasoningIsDearer
        ? new LlmUsage(Model.Id, ReasoningTokens: tokens)
        : new LlmUsage(Model.Id, OutputTokens: tokens);

    private static decimal? ProbeRate(UsageRater rater, LlmUsage usage)
    {
        var rated = rater.Rate(usage);
        return rated.IsRated ? rated.Rated.ExactCost / RateProbeTokens : null;
    }
}
