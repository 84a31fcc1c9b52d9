using Waterfall.Contracts.Events;
using Waterfall.Ledger;

namespace Waterfall.Events;

internal static class OutboxMapping
{
    public static OutboxEvent ToContract(this OutboxRecord r) =>
        new(r.Position, r.Event.Id, r.Event.Type, r.Event.At, r.Event.TenantId, r.Event.WalletId, r.Event.CustomerId,
            r.Event.Sequence, r.Event.Index, r.Event.Version, r.Event.Payload);
}
