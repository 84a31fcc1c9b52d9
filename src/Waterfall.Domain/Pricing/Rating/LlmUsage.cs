namespace Waterfall.Domain.Pricing.Rating;

/// <summary>
/// The token counts of one LLM call, split so that every token is counted in exactly one
/// component (a provider's "prompt tokens" usually include cached and audio tokens; here they do not).
/// </summary>
/// <param name="Model">The catalog id of the model, matched exactly.</param>
/// <param name="InputTokens">Prompt tokens neither served from nor written to the cache, excluding audio.</param>
/// <param name="OutputTokens">Completion tokens excluding reasoning and audio.</param>
/// <param name="CacheReadTokens">Prompt tokens served from the prompt cache.</param>
/// <param name="CacheWrite5mTokens">Prompt tokens written to the (5-minute) prompt cache.</param>
/// <param name="CacheWrite1hTokens">Prompt tokens written to the 1-hour prompt cache.</param>
/// <param name="ReasoningTokens">Completion tokens spent on reasoning.</param>
/// <param name="AudioInputTokens">Prompt audio tokens.</param>
/// <param name="AudioOutputTokens">Completion audio tokens.</param>
/// <param name="Batch">Sent through the provider's batch API.</param>
public sealed record LlmUsage(
    string Model,
    long InputTokens = 0,
    long OutputTokens = 0,
    long CacheReadTokens = 0,
    long CacheWrite5mTokens = 0,
    long CacheWrite1hTokens = 0,
    long ReasoningTokens = 0,
    long AudioInputTokens = 0,
    long AudioOutputTokens = 0,
    bool Batch = false)
{
    public long TokensOf(UsageComponent component) => component switch
    {
        UsageComponent.Input => InputTokens,
        UsageComponent.CacheRead => CacheReadTokens,
        UsageComponent.CacheWrite5m => CacheWrite5mTokens,
        UsageComponent.CacheWrite1h => CacheWrite1hTokens,
        UsageComponent.AudioInput => AudioInputTokens,
        UsageComponent.Output => OutputTokens,
        UsageComponent.Reasoning => ReasoningTokens,
        UsageComponent.AudioOutput => AudioOutputTokens,
        _ => throw new ArgumentOutOfRangeException(nameof(component), component, null),
    };

    /// <summary>
    /// The prompt size that selects a long-context tier: every prompt-side token, cached or not,
    /// because the provider's context holds them all.
    /// </summary>
    public long PromptTokens => checked(InputTokens + CacheReadTokens + CacheWrite5mTokens + CacheWrite1hTokens + AudioInputTokens);

    /// <summary>Every completion-side token: output, reasoning and audio (what OpenAI's completion_tokens counts).</summary>
    public long CompletionTokens => checked(OutputTokens + ReasoningTokens + AudioOutputTokens);

    /// <summary>The wire name of a component's count, used in field violations.</summary>
    public static string FieldOf(UsageComponent component) => component switch
    {
        UsageComponent.Input => "input_tokens",
        UsageComponent.CacheRead => "cache_read_tokens",
        UsageComponent.CacheWrite5m => "cache_write_5m_tokens",
        UsageComponent.CacheWrite1h => "cache_write_1h_tokens",
        UsageComponent.AudioInput => "audio_input_tokens",
        UsageComponent.Output => "output_tokens",
        UsageComponent.Reasoning => "reasoning_tokens",
        UsageComponent.AudioOutput => "audio_output_tokens",
        _ => throw new ArgumentOutOfRangeException(nameof(component), component, null),
    };
}
