namespace Waterfall.TopUps;

/// <summary>Configuration section <c>Waterfall:TopUps</c>.</summary>
public sealed class TopUpOptions
{
    public const string Section = "Waterfall:TopUps";

    /// <summary>How long a paid top-up waits for its on-chain settlement before answering "submitted" (the credit is usable at once either way).</summary>
    public TimeSpan SettlementWait { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a payer has to sign and submit after receiving the requirements.</summary>
    public long MaxTimeoutSeconds { get; set; } = 300;

    /// <summary>The largest single top-up, in nano-dollars (default USD 100,000).</summary>
    public long MaxAmountNanos { get; set; } = 100_000L * 1_000_000_000;
}
