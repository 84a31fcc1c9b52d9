namespace Waterfall.Domain.Settlement;

/// <summary>How a settlement queue batches and when it gives up (the host binds it from configuration).</summary>
/// <param name="BatchWindow">How long authorizations gather before a batch is sent (a full batch goes at once).</param>
/// <param name="MaxBatchSize">At most this many authorizations per transaction.</param>
/// <param name="Confirmations">Confirmations a settlement needs to count as final: 1 = mined.</param>
/// <param name="ReplaceAfter">A transaction not mined after this long is replaced at higher fees.</param>
/// <param name="MaxAttempts">An authorization whose batch reverted this many times fails (and its credit is reversed).</param>
/// <param name="OutcomesKept">Settled and failed authorizations kept for status answers and reconciliation.</param>
public sealed record SettlementPolicy(
    TimeSpan BatchWindow,
    int MaxBatchSize,
    int Confirmations,
    TimeSpan ReplaceAfter,
    int MaxAttempts,
    int OutcomesKept)
{
    public static readonly SettlementPolicy Default = new(TimeSpan.FromSeconds(1), 100, 1, TimeSpan.FromSeconds(30), 3, 100_000);
}
