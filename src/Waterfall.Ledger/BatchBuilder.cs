using System.Threading.Channels;
using Waterfall.Domain.Wallets;

namespace Waterfall.Ledger;

/// <summary>
/// Gathers one writer's next batch. The store checks each append against the wallet's last durable
/// sequence as it was before the batch, so a batch may hold only one append per wallet: consecutive
/// appends of a wallet by the same writer (each starting where the previous ends) are merged into one, and an
/// append that does not continue its wallet's, or is another writer's (a stale activation's), waits for the next
/// batch, where the check can judge it against what this one made durable.
/// A writer (one activation's <c>JournalWriter</c>, known by its cancellation token) whose append failed writes
/// nothing more: its later appends were decided on state that never became durable, and one of them may well
/// continue the sequence another activation made durable meanwhile, which the store's check alone would accept.
/// The writer cancels them itself, but only once it has learned of the failure; appends it handed over before
/// that are refused here. Found by the simulator (docs/simulation.md).
/// </summary>
internal sealed class BatchBuilder(int maxEntries)
{
    private sealed class Group(PendingAppend first)
    {
        public readonly List<PendingAppend> Members = [first];
        public List<JournalEntry>? Merged;
        public long LastSequence = first.Append.Entries[^1].Event.Sequence;

        public JournalAppend ToAppend() => Merged is null ? Members[0].Append : new JournalAppend(Members[0].Append.Wallet, Merged);
    }

    private readonly List<Group> _groups = [];
    private readonly Dictionary<WalletKey, Group> _byWallet = [];
    private readonly List<JournalAppend> _appends = [];
    private PendingAppend? _carry;

    // The writers of each wallet whose append failed, until each has cancelled (then its token refuses for it).
    private readonly Dictionary<WalletKey, List<CancellationToken>> _failedWriters = [];

    /// <summary>The batch's appends, one per wallet, in the order of the writer's queue.</summary>
    public IReadOnlyList<JournalAppend> Appends => _appends;

    public int Entries { get; private set; }

    /// <summary>The trace context of every call waiting on this batch, for the write span.</summary>
    public IEnumerable<object?> CallerTraces => _groups.SelectMany(static g => g.Members).Select(static m => m.Done.Task.AsyncState);

    /// <summary>An append held back from the last batch, which must lead the next one.</summary>
    public bool HasCarry => _carry is not null;

    public void Gather(ChannelReader<PendingAppend> reader)
    {
        _groups.Clear();
        _byWallet.Clear();
        _appends.Clear();
        Entries = 0;

        if (_carry is { } carried)
        {
            _carry = null;
            Add(carried);
        }
        while (_carry is null && Entries < maxEntries && reader.TryRead(out var pending)) Add(pending);
        foreach (var group in _groups) _appends.Add(group.ToAppend());
    }

    private void Add(PendingAppend pending)
    {
        if (pending.Cancelled.IsCancellationRequested)
        {
            pending.Done.TrySetCanceled(pending.Cancelled);
            return;
        }
        var append = pending.Append;
        if (IsFailedWriters(pending))
        {
            pending.Done.TrySetException(new JournalConflictException(append.Wallet, append.FirstSequence));
            return;
        }
        if (!_byWallet.TryGetValue(append.Wallet, out var group))
        {
            group = new Group(pending);
            _groups.Add(group);
            _byWallet.Add(append.Wallet, group);
        }
        else if (append.FirstSequence == group.LastSequence + 1 && pending.Cancelled == group.Members[^1].Cancelled)
        {
            group.Merged ??= [.. group.Members[0].Append.Entries];
            group.Merged.AddRange(append.Entries);
            group.Members.Add(pending);
            group.LastSequence = append.Entries[^1].Event.Sequence;
        }
        else
        {
            _carry = pending;
            return;
        }
        Entries += append.Entries.Count;
    }

    /// <summary>Completes every waiting append; a conflicting merged append fails each of its members.</summary>
    public void Complete(IReadOnlySet<int> conflicts)
    {
        for (var i = 0; i < _groups.Count; i++)
        {
            var refused = conflicts.Contains(i);
            foreach (var member in _groups[i].Members)
            {
                if (refused)
                {
                    Remember(member);
                    member.Done.TrySetException(new JournalConflictException(member.Append.Wallet, member.Append.FirstSequence));
                }
                else member.Done.TrySetResult();
            }
        }
    }

    public void Fail(Exception failure)
    {
        foreach (var group in _groups)
            foreach (var member in group.Members)
            {
                Remember(member);
                member.Done.TrySetException(failure);
            }
    }

    private bool IsFailedWriters(PendingAppend pending)
    {
        if (!_failedWriters.TryGetValue(pending.Append.Wallet, out var writers)) return false;
        writers.RemoveAll(static t => t.IsCancellationRequested);
        if (writers.Count == 0) _failedWriters.Remove(pending.Append.Wallet);
        return pending.Cancelled.CanBeCanceled && writers.Contains(pending.Cancelled);
    }

    private void Remember(PendingAppend failed)
    {
        if (!failed.Cancelled.CanBeCanceled) return;
        if (!_failedWriters.TryGetValue(failed.Append.Wallet, out var writers)) _failedWriters[failed.Append.Wallet] = writers = [];
        writers.RemoveAll(static t => t.IsCancellationRequested);
        if (!writers.Contains(failed.Cancelled)) writers.Add(failed.Cancelled);
    }
}
