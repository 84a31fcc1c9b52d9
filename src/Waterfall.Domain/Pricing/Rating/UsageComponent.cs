namespace Waterfall.Domain.Pricing.Rating;

/// <summary>
/// The priced parts of an LLM call. The declaration order is the order in which unit (token)
/// grants cover a call's tokens: the prompt side first, then the completion side.
/// </summary>
public enum UsageComponent
{
    Input = 0,
    CacheRead = 1,
    CacheWrite5m = 2,
    CacheWrite1h = 3,
    AudioInput = 4,
    Output = 5,
    Reasoning = 6,
    AudioOutput = 7,
}
