namespace Waterfall.Grains.Settlement;

/// <summary>Configuration section <c>Waterfall:Settlement</c>.</summary>
public sealed class SettlementOptions
{
    public const string Section = "Waterfall:Settlement";

    /// <summary>How long authorizations gather before a batch is sent (a full batch goes at once).</summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>At most this many authorizations per transaction.</summary>
    public int MaxBatchSize { get; set; } = 100;

    /// <summary>Confirmations a settlement needs before it counts as final: 1 = mined, 3 = mined and two blocks on top.</summary>
    public int Confirmations { get; set; } = 1;

    /// <summary>A transaction not mined after this long is replaced at higher fees.</summary>
    public TimeSpan ReplaceAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An authorization whose batch reverted this many times fails (and its credit is reversed).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>How often the grain looks at the chain while it has work.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Settled and failed authorizations kept for status answers and reconciliation.</summary>
    public int OutcomesKept { get; set; } = 100_000;

    public Domain.Settlement.SettlementPolicy ToPolicy() => new(BatchWindow, MaxBatchSize, Confirmations, ReplaceAfter, MaxAttempts, OutcomesKept);
}
