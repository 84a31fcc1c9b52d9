using System.Diagnostics.Metrics;

namespace Waterfall.Grains;

/// <summary>
/// The silo's gauges of grain state, on meter <c>Waterfall.Grains</c>: open holds of the wallets active on this
/// silo, and payment authorizations waiting in settlement queues. Each grain reports the change of its own count
/// (a <see cref="Level"/>), so the silo's sum is exact without anyone walking a million activations.
/// </summary>
public static class GrainMetrics
{
    public const string MeterName = "Waterfall.Grains";

    private static readonly Meter Meter = new(MeterName);

    internal static readonly UpDownCounter<long> OpenHolds =
        Meter.CreateUpDownCounter<long>("waterfall.wallets.holds.open", "{hold}", "Open holds of the wallets active on this silo.");

    internal static readonly UpDownCounter<long> SettlementQueue =
        Meter.CreateUpDownCounter<long>("waterfall.settlement.queue.depth", "{payment_authorization}", "Payment authorizations queued or in flight in the settlement grains active on this silo.");

    /// <summary>One grain's share of a gauge: set it to the grain's current count, and to zero when the grain deactivates.</summary>
    internal sealed class Level(UpDownCounter<long> gauge)
    {
        private long _reported;

        public void Set(long count)
        {
            if (count == _reported) return;
            gauge.Add(count - _reported);
            _reported = count;
        }
    }
}
