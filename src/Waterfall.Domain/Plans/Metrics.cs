namespace Waterfall.Domain.Plans;

/// <summary>
/// The metrics every plan may price or scope a grant to. A tenant names its own in
/// <see cref="PlanTerms.CustomMetrics"/>; any other name is an unknown metric.
/// </summary>
public static class Metrics
{
    /// <summary>Catalog-rated USD of LLM calls, the tenant's markup included (what a percentage prices).</summary>
    public const string LlmCost = "llm_cost";
    /// <summary>The metric a rated LLM call is debited under (<see cref="Charges.UsageCharge.LlmTokensMetric"/>).</summary>
    public const string LlmTokens = Charges.UsageCharge.LlmTokensMetric;
    public const string InputTokens = "input_tokens";
    public const string OutputTokens = "output_tokens";
    public const string Requests = "requests";
    public const string Sessions = "sessions";

    public static IReadOnlyList<string> BuiltIn { get; } = [LlmCost, LlmTokens, InputTokens, OutputTokens, Requests, Sessions];

    public static bool IsBuiltIn(string metric) => BuiltIn.Contains(metric, StringComparer.Ordinal);
}
