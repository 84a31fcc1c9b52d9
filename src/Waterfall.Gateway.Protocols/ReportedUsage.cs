namespace Waterfall.Gateway.Protocols;

/// <summary>
/// Token counts as a provider reported them, each token in exactly one class (like Waterfall.Domain's
/// LlmUsage): OpenAI's prompt_tokens include cached and audio tokens and its completion_tokens include
/// reasoning and audio, so they are split here; Anthropic's input_tokens already exclude cache reads and
/// writes. Anthropic cache_creation_input_tokens without a cache_creation breakdown count as 5-minute writes.
/// </summary>
public sealed record ReportedUsage(
    long InputTokens = 0,
    long OutputTokens = 0,
    long CacheReadTokens = 0,
    long CacheWrite5mTokens = 0,
    long CacheWrite1hTokens = 0,
    long ReasoningTokens = 0,
    long AudioInputTokens = 0,
    long AudioOutputTokens = 0)
{
    /// <summary>Every prompt-side token, the way OpenAI's prompt_tokens counts them.</summary>
    public long PromptTokens => checked(InputTokens + CacheReadTokens + CacheWrite5mTokens + CacheWrite1hTokens + AudioInputTokens);

    /// <summary>Every output-side token, the way OpenAI's completion_tokens counts them.</summary>
    public long CompletionTokens => checked(OutputTokens + ReasoningTokens + AudioOutputTokens);
}
