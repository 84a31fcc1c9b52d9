namespace Waterfall.Ledger;

/// <summary>An append handed to the group-commit writer, and the caller waiting for it to be durable.</summary>
internal sealed class PendingAppend(JournalAppend append, CancellationToken cancelled, object? trace = null)
{
    public JournalAppend Append { get; } = append;
    public CancellationToken Cancelled { get; } = cancelled;
    /// <summary>Completes when the append is durable; its state is the caller's trace context (see <see cref="LedgerTelemetry"/>).</summary>
    public TaskCompletionSource Done { get; } = new(trace, TaskCreationOptions.RunContinuationsAsynchronously);
}
