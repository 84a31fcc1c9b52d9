using Waterfall.Contracts.Events;
using Waterfall.Grains;

namespace Waterfall.Events;

/// <summary>Wakes a tenant's deliveries and this silo's Watch streams as soon as its wallets announce something.</summary>
internal sealed class EventsAnnouncementListener(IGrainFactory grains, AnnouncementSignal signal) : IAnnouncementListener
{
    public void Announced(string tenantId)
    {
        signal.Raise(tenantId);
        _ = grains.GetGrain<IWebhookEndpointsGrain>(tenantId).Notify(); // one-way: nothing to wait for
    }
}
