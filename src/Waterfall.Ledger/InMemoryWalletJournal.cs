using System.Collections.Concurrent;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Wallets;

namespace Waterfall.Ledger;

/// <summary>
/// The journal for tests and the TestingHost: one list per wallet, held in this process.
/// It enforces the same sequence rules as the durable stores.
/// </summary>
public sealed class InMemoryWalletJournal : IWalletJournal
{
    private readonly ConcurrentDictionary<WalletKey, List<WalletEvent>> _journals = new();

    public Task<WalletHistory> LoadAsync(WalletKey wallet, CancellationToken cancellationToken = default)
    {
        if (!_journals.TryGetValue(wallet, out var events)) return Task.FromResult(WalletHistory.Empty);
        lock (events) return Task.FromResult(new WalletHistory(events.ToArray()));
    }

    public Task AppendAsync(WalletKey wallet, IReadOnlyList<WalletEvent> events, CancellationToken cancellationToken = default)
    {
        if (events.Count == 0) return Task.CompletedTask;
        var journal = _journals.GetOrAdd(wallet, _ => []);
        lock (journal)
        {
            var next = journal.Count + 1L;
            for (var i = 0; i < events.Count; i++)
                if (events[i].Sequence != next + i)
                    return Task.FromException(new JournalConflictException(wallet, events[i].Sequence));
            journal.AddRange(events);
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<LedgerTransaction>> ReadLedgerAsync(WalletKey wallet, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        if (!_journals.TryGetValue(wallet, out var events))
            return Task.FromResult<IReadOnlyList<LedgerTransaction>>([]);
        lock (events)
        {
            IReadOnlyList<LedgerTransaction> page = events
                .Where(e => e.Sequence > afterSequence)
                .Take(limit)
                .Select(e => e.ToLedgerTransaction(wallet))
                .ToList();
            return Task.FromResult(page);
        }
    }

    /// <summary>Every wallet's ledger, for invariant checks in tests.</summary>
    public IReadOnlyDictionary<WalletKey, IReadOnlyList<WalletEvent>> Snapshot()
    {
        var copy = new Dictionary<WalletKey, IReadOnlyList<WalletEvent>>();
        foreach (var (key, events) in _journals)
            lock (events) copy[key] = events.ToArray();
        return copy;
    }
}
