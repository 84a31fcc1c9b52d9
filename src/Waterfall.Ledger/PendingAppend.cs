namespace Waterfall.Ledger;

/// <summary>An append handed to the group-commit writer, and the caller waiting for it to be durable.</summary>
internal sealed class PendingAppend(JournalAppend append, CancellationToken cancelled)
{
    public JournalAppend Append { get; } = append;
    public CancellationToken Cancelled { get; } = cancelled;
    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
