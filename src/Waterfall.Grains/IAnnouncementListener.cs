namespace Waterfall.Grains;

/// <summary>
/// Told, after the fact, that a tenant's outbox has new events, so deliveries need not wait for their
/// next poll. The outbox stays the source of truth: a lost notice only delays a delivery.
/// </summary>
public interface IAnnouncementListener
{
    void Announced(string tenantId);

    public static readonly IAnnouncementListener None = new Nobody();

    private sealed class Nobody : IAnnouncementListener
    {
        public void Announced(string tenantId) { }
    }
}
