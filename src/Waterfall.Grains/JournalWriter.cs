using Waterfall.Domain.Wallets;
using Waterfall.Ledger;

namespace Waterfall.Grains;

/// <summary>
/// One wallet's path to durability. Events decided while a write is in flight are buffered and
/// written together in the next write, so a hot wallet makes one journal round trip per batch
/// rather than per call, and writes stay in sequence order. After a failed write nothing more
/// is written: the wallet's memory is ahead of its journal and the activation must be dropped.
/// Used only from the grain's scheduler, so it needs no locks.
/// </summary>
internal sealed class JournalWriter(IWalletJournal journal, WalletKey wallet)
{
    private List<JournalEntry> _buffer = [];
    private TaskCompletionSource? _buffered;
    private Task? _inFlight;
    private Exception? _failure;

    public Exception? Failure => _failure;

    /// <summary>
    /// Queues time-driven events and a command's event with its receipt; the task completes when
    /// they (and everything before them) are durable.
    /// </summary>
    public Task Append(IReadOnlyList<WalletEvent> expired, IReadOnlyList<WalletEvent> decided, Receipt? receipt)
    {
        if (_failure is not null) return Task.FromException(_failure);
        if (expired.Count + decided.Count == 0) return WhenDurable();

        foreach (var e in expired) _buffer.Add(new JournalEntry(e));
        foreach (var e in decided) _buffer.Add(new JournalEntry(e, receipt));
        if (_buffered is not null) return _buffered.Task;

        _buffered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = _buffered.Task;
        if (_inFlight is null) _ = FlushAsync();
        return done;
    }

    /// <summary>Completes when everything appended so far is durable, so no answer rests on state that could still be lost.</summary>
    public Task WhenDurable() =>
        _failure is not null ? Task.FromException(_failure) : _buffered?.Task ?? _inFlight ?? Task.CompletedTask;

    private async Task FlushAsync()
    {
        while (_buffered is { } done)
        {
            var batch = _buffer;
            _buffer = [];
            _buffered = null;
            _inFlight = done.Task;
            try
            {
                await journal.AppendAsync(wallet, batch);
                done.TrySetResult();
            }
            catch (Exception ex)
            {
                _failure = ex;
                done.TrySetException(ex);
                _buffered?.TrySetException(ex);
                _buffered = null;
                _buffer.Clear();
                break;
            }
        }
        _inFlight = null;
    }
}
