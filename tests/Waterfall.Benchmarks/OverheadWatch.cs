using System.Diagnostics.Metrics;
using Waterfall.Gateway;

namespace Waterfall.Benchmarks;

/// <summary>
/// Collects the gateway's own account of its overhead (<c>waterfall.gateway.overhead</c>: its time on top of the
/// provider's) while a run goes on, from the silo in this process.
/// </summary>
public sealed class OverheadWatch : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<double> _seconds = [];

    public OverheadWatch()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == GatewayMetrics.MeterName && instrument.Name == "waterfall.gateway.overhead") listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((_, value, _, _) =>
        {
            lock (_seconds) _seconds.Add(value);
        });
        _listener.Start();
    }

    /// <summary>p50 and p99 in milliseconds of what was recorded since the last call, and starts afresh; null when nothing was.</summary>
    public (double P50, double P99)? Take()
    {
        double[] values;
        lock (_seconds)
        {
            values = [.. _seconds];
            _seconds.Clear();
        }
        if (values.Length == 0) return null;
        Array.Sort(values);
        double At(double q) => 1000 * values[Math.Clamp((int)Math.Ceiling(q * values.Length) - 1, 0, values.Length - 1)];
        return (At(0.50), At(0.99));
    }

    public void Dispose() => _listener.Dispose();
}
