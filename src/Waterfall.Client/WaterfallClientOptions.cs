namespace Waterfall.Client;

public sealed class WaterfallClientOptions
{
    /// <summary>Attempts per call, the first included. Retries reuse the call's idempotency key, so they never charge twice.</summary>
    public int MaxAttempts { get; set; } = 4;

    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Deadline of each attempt; null for none.</summary>
    public TimeSpan? AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
