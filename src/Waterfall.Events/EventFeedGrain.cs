using Orleans.Concurrency;
using Waterfall.Contracts.Events;
using Waterfall.Ledger;

namespace Waterfall.Events;

/// <summary>Reads the tenant's outbox for Watch streams; stateless, so any silo serves it.</summary>
[StatelessWorker]
internal sealed class EventFeedGrain(IEventOutbox outbox) : Grain, IEventFeedGrain
{
    public async Task<OutboxEvent[]> Read(long afterPosition, int limit)
    {
        var page = await outbox.ReadAsync(this.GetPrimaryKeyString(), afterPosition, Math.Clamp(limit, 1, 1000));
        return page.Select(r => r.ToContract()).ToArray();
    }
}
