using System.Runtime.ExceptionServices;
using Waterfall.Domain.Events;
using Waterfall.Domain.Wallets;
using Waterfall.Ledger;

namespace Waterfall.Grains;

/// <summary>
/// One wallet's path to durability. Up to <see cref="IWalletJournal.MaxAppendsInFlight"/> writes may
/// be handed to the journal before the earlier ones are durable (the journal keeps them in order);
/// events decided while that many are in flight are buffered and go together in the next write.
/// Writes are acknowledged in sequence order, each only once it and every write before it are durable.
/// After a failed write nothing more is written or acknowledged: the wallet's memory is ahead of its
/// journal and the activation must be dropped. Used only from the grain's scheduler, so it needs no locks.
/// </summary>
internal sealed class JournalWriter
{
    private readonly IWalletJournal _journal;
    private readonly WalletKey _wallet;
    private readonly int _maxInFlight;
    /// <summary>Also this writer's identity to the group-commit batcher (which writes of one wallet are one writer's), so every write carries it.</summary>
    private readonly CancellationTokenSource _stop = new();
    /// <summary>
    /// Born with its first entry, not at the previous hand-over: an empty list made then waits for the wallet's next
    /// command (seconds, on most wallets) and is promoted meanwhile, and an older object keeps what is added to it alive
    /// through every gen-0 and gen-1 collection (they do not trace older generations) until a gen-2 collection finds it
    /// dead. That was every debit's entry, event and receipt promoted twice (docs/performance.md, "Who kept a debit alive").
    /// </summary>
    private List<JournalEntry>? _buffer;
    private TaskCompletionSource? _buffered;
    private Task _acknowledged = Task.CompletedTask;
    private int _inFlight;
    private long _handOvers;
    private Exception? _failure;

    public JournalWriter(IWalletJournal journal, WalletKey wallet)
    {
        _journal = journal;
        _wallet = wallet;
        _maxInFlight = Math.Max(1, journal.MaxAppendsInFlight);
    }

    public Exception? Failure => _failure;

    /// <summary>
    /// Queues time-driven events and a command's event with its receipt, and the events the change
    /// announces (they ride on its last entry, so they reach the outbox in the same write); the task
    /// completes when they (and everything before them) are durable. A debit batch decides many commands
    /// in one turn: it passes <paramref name="receipts"/>, one per decided event, so every command keeps its
    /// own receipt in the one write (the durable key table answers a forgotten key's retry with it).
    /// </summary>
    public Task Append(IReadOnlyList<WalletEvent> expired, IReadOnlyList<WalletEvent> decided, Receipt? receipt,
        IReadOnlyList<Announcement>? announced = null, IReadOnlyList<Receipt>? receipts = null)
    {
        if (_failure is not null) return Task.FromException(_failure);
        if (expired.Count + decided.Count == 0) return WhenDurable();

        var buffer = _buffer ??= new List<JournalEntry>(expired.Count + decided.Count);
        foreach (var e in expired) buffer.Add(new JournalEntry(e));
        for (var i = 0; i < decided.Count; i++) buffer.Add(new JournalEntry(decided[i], receipts is null ? receipt : receipts[i]));
        if (announced is { Count: > 0 }) buffer[^1] = buffer[^1] with { Announcements = announced };
        if (_buffered is not null) return _buffered.Task;
        if (_inFlight < _maxInFlight) return HandOver(null);

        _buffered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _buffered.Task;
    }

    /// <summary>Completes when everything appended so far is durable, so no answer rests on state that could still be lost.</summary>
    public Task WhenDurable() =>
        _failure is not null ? Task.FromException(_failure) : _buffered?.Task ?? _acknowledged;

    private Task HandOver(TaskCompletionSource? buffered)
    {
        IReadOnlyList<JournalEntry> batch = _buffer ?? [];
        _buffer = null;
        _inFlight++;
        var handOver = ++_handOvers;
        Task write;
        try
        {
            write = _journal.AppendAsync(_wallet, batch, _stop.Token);
        }
        catch (Exception ex)
        {
            write = Task.FromException(ex);
        }
        // Nothing sets _buffered while this runs, so even a journal that completes synchronously
        // cannot start a later hand-over before _acknowledged is set here.
        _acknowledged = Acknowledge(_acknowledged, write, buffered, handOver);
        return _acknowledged;
    }

    private async Task Acknowledge(Task previous, Task write, TaskCompletionSource? buffered, long handOver)
    {
        try
        {
            // Sequence order: a write is acknowledged only after every earlier one was.
            try { await previous; }
            catch { /* reported by its own acknowledgement, and recorded in _failure */ }
            try
            {
                await write;
            }
            catch (Exception ex)
            {
                // A later write refused because an earlier one failed (the store sees a gap: a conflict),
                // or not written at all because we cancelled it, reports the original failure.
                if (_failure is null) Fail(ex);
            }
            if (_failure is not null) ExceptionDispatchInfo.Throw(_failure);
            buffered?.TrySetResult();
        }
        catch (Exception ex)
        {
            buffered?.TrySetException(ex);
            throw;
        }
        finally
        {
            _inFlight--;
            if (_buffered is { } next && _failure is null && _inFlight < _maxInFlight)
            {
                _buffered = null;
                _ = HandOver(next);
            }
            // Everything handed over is durable: an idle wallet need not keep this acknowledgement (~130 bytes) alive.
            else if (handOver == _handOvers && _failure is null) _acknowledged = Task.CompletedTask;
        }
    }

    private void Fail(Exception failure)
    {
        _failure = failure;
        _stop.Cancel(); // what is handed over and not yet gathered into a batch is not written
        _buffered?.TrySetException(failure);
        _buffered = null;
        _buffer = null;
    }
}
