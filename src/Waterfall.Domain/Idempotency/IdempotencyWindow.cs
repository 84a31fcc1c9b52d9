using Waterfall.Domain.Ledger;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Idempotency;

/// <summary>
/// The idempotency keys a wallet remembers: per operation kind (so one key can follow an LLM
/// call through hold and capture), with the first answer. Keys are forgotten after the
/// retention period or once the window holds its maximum, oldest first.
/// </summary>
public sealed class IdempotencyWindow
{
    private readonly Dictionary<(TransactionKind, string), IdempotencyRecord> _records = new();
    private readonly Queue<IdempotencyRecord> _byAge = new();

    public int Count => _records.Count;

    /// <summary>
    /// True once the window dropped a key because it was full rather than because it was old:
    /// a key it does not hold may then still be within retention, in the durable key table.
    /// </summary>
    public bool HasForgottenByCount { get; private set; }

    public IEnumerable<IdempotencyRecord> Records => _byAge;

    public bool TryGet(TransactionKind operation, string key, out IdempotencyRecord record) =>
        _records.TryGetValue((operation, key), out record!);

    internal void MarkForgottenByCount() => HasForgottenByCount = true;

    public void Record(IdempotencyRecord record)
    {
        _records[(record.Operation, record.Key)] = record;
        _byAge.Enqueue(record);
    }

    /// <summary>Forgets keys recorded before <paramref name="now"/> − retention, and the oldest beyond <paramref name="maxRecords"/>.</summary>
    public void Prune(DateTimeOffset now, TimeSpan retention, int maxRecords)
    {
        var cutoff = now - retention;
        while (_byAge.Count > 0 && (_byAge.Peek().At <= cutoff || _byAge.Count > maxRecords))
        {
            var old = _byAge.Dequeue();
            if (old.At > cutoff) HasForgottenByCount = true;
            // Only remove the dictionary entry if it is this record (it is: keys are never re-recorded).
            if (_records.TryGetValue((old.Operation, old.Key), out var current) && ReferenceEquals(current, old))
                _records.Remove((old.Operation, old.Key));
        }
    }
}

/// <summary>A remembered key: the request's fingerprint and the answer it got.</summary>
public sealed record IdempotencyRecord(TransactionKind Operation, string Key, string Fingerprint, Receipt Receipt, DateTimeOffset At);
