using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Waterfall.Ledger;

namespace Waterfall.Dashboard.Reading;

/// <summary>
/// This silo's group commit, from the instruments <c>/metrics</c> exports (<see cref="LedgerMetrics"/>): the
/// entries per database round trip and the time to make a batch durable, over the last
/// <see cref="Window"/> batches. Listening starts with the host, so the page shows batches from before it was opened.
/// </summary>
public sealed class GroupCommitWatch : IHostedService, IDisposable
{
    public const int Window = 1024;
    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private readonly Queue<int> _entries = new();
    private readonly Queue<double> _milliseconds = new();
    private long _batches;

    public GroupCommitWatch()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == LedgerMetrics.MeterName && instrument.Name is "waterfall.ledger.batch.entries" or "waterfall.ledger.batch.duration")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<int>((_, value, _, _) => Record(_entries, value, counts: true));
        _listener.SetMeasurementEventCallback<double>((_, value, _, _) => Record(_milliseconds, value, counts: false));
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listener.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public GroupCommitStats Read()
    {
        lock (_gate)
        {
            var sizes = _entries.Order().ToArray();
            var times = _milliseconds.Order().ToArray();
            return new GroupCommitStats(_batches, sizes.Length, Percentile(sizes.Select(s => (double)s).ToArray(), 0.5), sizes.Length == 0 ? 0 : sizes[^1],
                Percentile(times, 0.5), Percentile(times, 0.99), times.Length == 0 ? 0 : times[^1]);
        }
    }

    private void Record<T>(Queue<T> window, T value, bool counts)
    {
        lock (_gate)
        {
            if (counts) _batches++;
            window.Enqueue(value);
            if (window.Count > Window) window.Dequeue();
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    public void Dispose() => _listener.Dispose();
}

/// <summary>Batches written since start, and over the recent window: batch size (median, largest) and flush latency (median, p99, slowest).</summary>
public sealed record GroupCommitStats(long Batches, int Window, double MedianEntries, int MaxEntries, double MedianMilliseconds, double P99Milliseconds, double MaxMilliseconds);
