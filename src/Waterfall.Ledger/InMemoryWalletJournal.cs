using System.Collections.Concurrent;
using Waterfall.Domain.Events;
using Waterfall.Domain.Idempotency;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Wallets;

namespace Waterfall.Ledger;

/// <summary>
/// The journal for tests and the TestingHost: everything held in this process. It enforces the
/// same sequence rules as the durable stores.
/// </summary>
public sealed class InMemoryWalletJournal : IWalletJournal, IEventOutbox, ILedgerReader
{
    private readonly ConcurrentDictionary<WalletKey, Stream> _streams = new();
    // Taken inside a stream's lock, never the other way round: positions follow the order appends land in.
    private readonly List<OutboxRecord> _outbox = [];
    private readonly HashSet<(string Tenant, string Id)> _outboxIds = [];

    private sealed class Stream
    {
        public readonly List<WalletEvent> Events = [];
        public readonly Dictionary<(TransactionKind, string), IdempotencyRecord> Keys = [];
        public WalletSnapshot? Snapshot;
    }

    public Task<WalletHistory> LoadAsync(WalletKey wallet, CancellationToken cancellationToken = default)
    {
        if (!_streams.TryGetValue(wallet, out var stream)) return Task.FromResult(WalletHistory.Empty);
        lock (stream)
        {
            var after = stream.Snapshot?.Sequence ?? 0;
            return Task.FromResult(new WalletHistory(stream.Snapshot, stream.Events.Where(e => e.Sequence > after).ToArray()));
        }
    }

    public Task AppendAsync(WalletKey wallet, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default)
    {
        if (entries.Count == 0) return Task.CompletedTask;
        var stream = _streams.GetOrAdd(wallet, _ => new Stream());
        lock (stream)
        {
            var next = stream.Events.Count + 1L;
            for (var i = 0; i < entries.Count; i++)
                if (entries[i].Event.Sequence != next + i)
                    return Task.FromException(new JournalConflictException(wallet, entries[i].Event.Sequence));
            foreach (var entry in entries)
            {
                stream.Events.Add(entry.Event);
                if (entry.Idempotency is { } record) stream.Keys[(record.Operation, record.Key)] = record;
                if (entry.Announcements is { Count: > 0 } announced)
                    lock (_outbox)
                        foreach (var a in announced) AddToOutbox(a);
            }
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<OutboxRecord>> ReadAsync(string tenantId, long afterPosition, int limit, CancellationToken cancellationToken = default)
    {
        lock (_outbox)
        {
            // Positions are list indexes plus one, so the page starts right after the cursor.
            IReadOnlyList<OutboxRecord> page = _outbox.Skip((int)Math.Min(afterPosition, _outbox.Count))
                .Where(r => r.Event.TenantId == tenantId).Take(limit).ToList();
            return Task.FromResult(page);
        }
    }

    public Task AddAsync(Announcement announcement, CancellationToken cancellationToken = default)
    {
        lock (_outbox) AddToOutbox(announcement);
        return Task.CompletedTask;
    }

    private void AddToOutbox(Announcement announcement)
    {
        if (_outboxIds.Add((announcement.TenantId, announcement.Id)))
            _outbox.Add(new OutboxRecord(_outbox.Count + 1, announcement));
    }

    public Task SaveSnapshotAsync(WalletKey wallet, WalletSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        var stream = _streams.GetOrAdd(wallet, _ => new Stream());
        lock (stream)
            if (snapshot.Sequence > (stream.Snapshot?.Sequence ?? 0) && snapshot.Sequence <= stream.Events.Count)
                stream.Snapshot = snapshot;
        return Task.CompletedTask;
    }

    public Task<long> ReadHeadSequenceAsync(WalletKey wallet, CancellationToken cancellationToken = default)
    {
        if (!_streams.TryGetValue(wallet, out var stream)) return Task.FromResult(0L);
        lock (stream) return Task.FromResult((long)stream.Events.Count);
    }

    public Task<IReadOnlyList<LedgerTransaction>> ReadLedgerAsync(WalletKey wallet, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        if (!_streams.TryGetValue(wallet, out var stream))
            return Task.FromResult<IReadOnlyList<LedgerTransaction>>([]);
        lock (stream)
        {
            IReadOnlyList<LedgerTransaction> page = stream.Events
                .Where(e => e.Sequence > afterSequence)
                .Take(limit)
                .Select(e => e.ToLedgerTransaction(wallet))
                .ToList();
            return Task.FromResult(page);
        }
    }

    public Task<IdempotencyRecord?> FindIdempotencyAsync(WalletKey wallet, TransactionKind operation, string key, CancellationToken cancellationToken = default)
    {
        if (!_streams.TryGetValue(wallet, out var stream)) return Task.FromResult<IdempotencyRecord?>(null);
        lock (stream) return Task.FromResult(stream.Keys.GetValueOrDefault((operation, key)));
    }

    public Task<IReadOnlyList<IdempotencyRecord>> FindIdempotencyKeysAsync(WalletKey wallet, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        if (!_streams.TryGetValue(wallet, out var stream)) return Task.FromResult<IReadOnlyList<IdempotencyRecord>>([]);
        lock (stream)
            return Task.FromResult<IReadOnlyList<IdempotencyRecord>>(keys.Distinct()
                .SelectMany(key => KeyScope.Commands.Select(operation => stream.Keys.GetValueOrDefault((operation, key))))
                .OfType<IdempotencyRecord>()
                .ToList());
    }

    // The memory store has no index: a period read copies the tenant's matching events, fine for tests.
    public async IAsyncEnumerable<StoredEvent> ReadTenantAsync(string tenantId, DateTimeOffset from, DateTimeOffset to,
        IReadOnlyCollection<TransactionKind>? kinds = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var matching = new List<StoredEvent>();
        foreach (var (key, stream) in _streams)
        {
            if (key.TenantId != tenantId) continue;
            lock (stream)
                matching.AddRange(stream.Events.Where(e => e.At >= from && e.At < to && (kinds is null || kinds.Contains(e.Kind))).Select(e => new StoredEvent(key, e)));
        }
        matching.Sort(static (a, b) =>
        {
            var at = a.Event.At.CompareTo(b.Event.At);
            if (at != 0) return at;
            var wallet = string.CompareOrdinal(a.Wallet.WalletId, b.Wallet.WalletId);
            return wallet != 0 ? wallet : a.Event.Sequence.CompareTo(b.Event.Sequence);
        });
        foreach (var stored in matching)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return stored;
        }
        await Task.CompletedTask;
    }

    public async IAsyncEnumerable<StoredEvent> ReadWalletAsync(WalletKey wallet, DateTimeOffset from, DateTimeOffset to,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!_streams.TryGetValue(wallet, out var stream)) yield break;
        List<StoredEvent> matching;
        lock (stream) matching = stream.Events.Where(e => e.At >= from && e.At < to).Select(e => new StoredEvent(wallet, e)).ToList();
        foreach (var stored in matching)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return stored;
        }
        await Task.CompletedTask;
    }

    /// <summary>Every wallet's full journal, for invariant checks in tests.</summary>
    public IReadOnlyDictionary<WalletKey, IReadOnlyList<WalletEvent>> Journals()
    {
        var copy = new Dictionary<WalletKey, IReadOnlyList<WalletEvent>>();
        foreach (var (key, stream) in _streams)
            lock (stream) copy[key] = stream.Events.ToArray();
        return copy;
    }
}
