using Waterfall.Domain.Ledger;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Idempotency;

/// <summary>
/// The idempotency keys a wallet remembers: per operation kind (so one key can follow an LLM
/// call through hold and capture), with the first answer. Keys are forgotten after the
/// retention period or once the window holds its maximum, oldest first.
/// </summary>
/// <remarks>
/// Sized for a million mostly idle wallets: each remembered key is one small entry (the
/// fingerprint packed, see <see cref="CompactFingerprint"/>; the receipt by reference), and a
/// window of a few keys is searched in order instead of carrying a dictionary. Only a window
/// past <see cref="IndexThreshold"/> keys builds one, and drops it again once it empties.
/// </remarks>
public sealed class IdempotencyWindow
{
    /// <summary>Up to this many keys a lookup scans the entries; beyond it, a dictionary indexes them.</summary>
    public const int IndexThreshold = 8;

    private readonly Queue<Entry> _byAge = new(0);
    private readonly bool _holdsReceipts;

    /// <param name="holdsReceipts">
    /// False where the receipts are also in a durable key table (a wallet grain on a journal): the window then
    /// remembers only that a key was seen and with what request, and a replay's answer is read from that table.
    /// A debit's receipt (its coverage and balances) is most of what a remembered key costs, and what every
    /// debit would otherwise leave on the heap for the garbage collector to carry (docs/performance.md, "The tail").
    /// </param>
    public IdempotencyWindow(bool holdsReceipts = true) => _holdsReceipts = holdsReceipts;

    public bool HoldsReceipts => _holdsReceipts;
    private Dictionary<(TransactionKind, string), Entry>? _index;

    public int Count => _index?.Count ?? CountDistinct();

    /// <summary>Made on the first key forgotten by count: most wallets never fill their window.</summary>
    private ForgottenKeys? _forgotten;

    /// <summary>
    /// Whether the durable key table may hold <paramref name="key"/> although the window does not: only keys the
    /// window dropped because it was full, within retention (for any operation: a key is looked up once for all).
    /// </summary>
    public bool MayHaveForgotten(string key) => _forgotten?.MayHold(key) ?? false;

    public IEnumerable<IdempotencyRecord> Records => _byAge.Select(e => e.ToRecord());

    public bool TryGet(TransactionKind operation, string key, out IdempotencyRecord record)
    {
        if (Find(operation, key) is { } entry)
        {
            record = entry.ToRecord();
            return true;
        }
        record = null!;
        return false;
    }

    /// <summary>
    /// Finds the key recorded for an operation that may not share it with <paramref name="operation"/>
    /// (see <see cref="KeyScope"/>): a grant's key sent with a debit.
    /// </summary>
    public bool TryGetForOtherOperation(TransactionKind operation, string key, out IdempotencyRecord record)
    {
        if (FindOther(operation, key) is { } entry)
        {
            record = entry.ToRecord();
            return true;
        }
        record = null!;
        return false;
    }

    /// <summary>Restored full: keys it dropped earlier are unknown, none recorded after the oldest it still holds.</summary>
    internal void MarkForgottenByCount()
    {
        (_forgotten ??= new()).Unnamed(_byAge.Count > 0 ? _byAge.Peek().At : DateTimeOffset.MaxValue);
    }

    public void Record(IdempotencyRecord record)
    {
        var entry = new Entry(record.Operation, record.Key, CompactFingerprint.From(record.Fingerprint), _holdsReceipts ? record.Receipt : null, record.At);
        _byAge.Enqueue(entry);
        if (_index is not null) _index[(entry.Operation, entry.Key)] = entry;
        else if (_byAge.Count > IndexThreshold) BuildIndex();
    }

    /// <summary>Forgets keys recorded before <paramref name="now"/> − retention, and the oldest beyond <paramref name="maxRecords"/>.</summary>
    public void Prune(DateTimeOffset now, TimeSpan retention, int maxRecords)
    {
        var cutoff = now - retention;
        if (_forgotten is not null && !_forgotten.Prune(cutoff)) _forgotten = null;
        while (_byAge.Count > 0 && (_byAge.Peek().At <= cutoff || _byAge.Count > maxRecords))
        {
            var old = _byAge.Dequeue();
            if (old.At > cutoff)
                (_forgotten ??= new()).Forget(old.Key, old.At, bound: Math.Max(maxRecords, ForgottenKeys.LeastBound));
            // Only remove the index entry if it is this one (it is: keys are never re-recorded).
            if (_index is not null && _index.TryGetValue((old.Operation, old.Key), out var current) && ReferenceEquals(current, old))
                _index.Remove((old.Operation, old.Key));
        }
        if (_byAge.Count == 0)
        {
            _index = null;
            _byAge.TrimExcess();
        }
    }

    private Entry? Find(TransactionKind operation, string key)
    {
        if (_index is not null) return _index.GetValueOrDefault((operation, key));
        Entry? found = null;
        // The latest entry for a key wins, as it would in the index.
        foreach (var entry in _byAge)
            if (entry.Operation == operation && string.Equals(entry.Key, key, StringComparison.Ordinal)) found = entry;
        return found;
    }

    private Entry? FindOther(TransactionKind operation, string key)
    {
        if (_index is not null)
        {
            // A handful of lookups, only for the few wallets busy enough to index their keys.
            foreach (var other in KeyScope.Commands)
                if (!KeyScope.SharesKeys(other, operation) && _index.TryGetValue((other, key), out var found)) return found;
            return null;
        }
        foreach (var entry in _byAge)
            if (!KeyScope.SharesKeys(entry.Operation, operation) && string.Equals(entry.Key, key, StringComparison.Ordinal)) return entry;
        return null;
    }

    private void BuildIndex()
    {
        var index = new Dictionary<(TransactionKind, string), Entry>(_byAge.Count * 2);
        foreach (var entry in _byAge) index[(entry.Operation, entry.Key)] = entry;
        _index = index;
    }

    private int CountDistinct()
    {
        var count = 0;
        var i = 0;
        foreach (var entry in _byAge)
        {
            var j = 0;
            var seenLater = false;
            foreach (var other in _byAge)
            {
                if (j++ > i && other.Operation == entry.Operation && string.Equals(other.Key, entry.Key, StringComparison.Ordinal))
                {
                    seenLater = true;
                    break;
                }
            }
            if (!seenLater) count++;
            i++;
        }
        return count;
    }

    /// <summary>One remembered key, as compact as it can be: the public record is made only when asked for.</summary>
    private sealed class Entry(TransactionKind operation, string key, CompactFingerprint fingerprint, Receipt? receipt, DateTimeOffset at)
    {
        public TransactionKind Operation { get; } = operation;
        public string Key { get; } = key;
        public Receipt? Receipt { get; } = receipt;
        public DateTimeOffset At { get; } = at;

        public IdempotencyRecord ToRecord() => new(Operation, Key, fingerprint.ToString(), Receipt, At);
    }
}

/// <summary>
/// A remembered key: the request's fingerprint and the answer it got. <see cref="Receipt"/> is null where the
/// window does not hold receipts: the answer is then in the durable key table.
/// </summary>
public sealed record IdempotencyRecord(TransactionKind Operation, string Key, string Fingerprint, Receipt? Receipt, DateTimeOffset At);
