using Waterfall.Domain.Idempotency;
using Waterfall.Domain.Wallets;

namespace Waterfall.Ledger;

/// <summary>One event to make durable and, when it answers a command, the receipt its idempotency key answers with.</summary>
public readonly record struct JournalEntry(WalletEvent Event, Receipt? Receipt = null)
{
    public IdempotencyRecord? Idempotency =>
        Event is CommandEvent command && Receipt is not null
            ? new IdempotencyRecord(command.Kind, command.Key, command.Fingerprint, Receipt, command.At)
            : null;
}
