using Waterfall.Domain.Events;

namespace Waterfall.Ledger;

/// <summary>
/// The events the ledger announced, in the order they became durable: each has a position, unique
/// and increasing per store, so a reader resuming after the last position it saw misses nothing and
/// sees nothing twice. Wallet events are written with their postings (<see cref="JournalEntry.Announcements"/>);
/// only operator events that no posting causes are added here.
/// </summary>
public interface IEventOutbox
{
    /// <summary>The tenant's events after <paramref name="afterPosition"/>, oldest first.</summary>
    Task<IReadOnlyList<OutboxRecord>> ReadAsync(string tenantId, long afterPosition, int limit, CancellationToken cancellationToken = default);

    /// <summary>Adds an event no posting caused (e.g. an endpoint disabled); a second add of the same id adds nothing.</summary>
    Task AddAsync(Announcement announcement, CancellationToken cancellationToken = default);
}

/// <summary>An announced event and its place in the outbox.</summary>
public sealed record OutboxRecord(long Position, Announcement Event);
