namespace Waterfall.Domain.Ledger;

/// <summary>How a journal entry's time relates to when a reader elsewhere can see it.</summary>
public static class JournalTime
{
    /// <summary>
    /// An entry carries the clock of the silo that decided it, which may be behind a reader's, and it becomes
    /// readable only once its write is durable, a moment after it was decided. A reader that wants every entry
    /// from a moment of its own on reads from this much earlier. An hour is far beyond any skew or write delay a
    /// healthy cluster shows (expiries and hold TTLs would be visibly wrong long before), and costs only a
    /// slightly longer read.
    /// </summary>
    public static readonly TimeSpan SettlesWithin = TimeSpan.FromHours(1);
}
