using Waterfall.Domain.Events;
using Waterfall.Domain.Idempotency;
using Waterfall.Domain.Wallets;

namespace Waterfall.Ledger;

/// <summary>One event to make durable and, when it answers a command, the receipt its idempotency key answers with.</summary>
/// <param name="Announcements">
/// Events the wallet announces because of this entry's change, written to the outbox in the same
/// transaction as the entry: no event without its posting, no posting without its event. Usually none.
/// </param>
public readonly record struct JournalEntry(WalletEvent Event, Receipt? Receipt = null, IReadOnlyList<Announcement>? Announcements = null)
{
    public IdempotencyRecord? Idempotency =>
        Event is CommandEvent command && Receipt is not null
            ? new IdempotencyRecord(command.Kind, command.Key, command.Fingerprint, Receipt, command.At)
            : null;
}
