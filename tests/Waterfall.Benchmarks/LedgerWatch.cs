using System.Diagnostics.Metrics;
using Waterfall.Ledger;

namespace Waterfall.Benchmarks;

/// <summary>Prints the ledger writer's batch statistics every few seconds while serving.</summary>
public sealed class LedgerWatch : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Timer _timer;
    private long _batches, _entries;
    private double _duration;

    public LedgerWatch(TimeSpan every)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == LedgerMetrics.MeterName) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) =>
        {
            if (instrument.Name == "waterfall.ledger.batch.entries") { Interlocked.Increment(ref _batches); Interlocked.Add(ref _entries, value); }
        });
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (instrument.Name == "waterfall.ledger.batch.duration") lock (_listener) _duration += value;
        });
        _listener.Start();
        _timer = new Timer(_ => Print(), null, every, every);
    }

    private void Print()
    {
        var batches = Interlocked.Exchange(ref _batches, 0);
        var entries = Interlocked.Exchange(ref _entries, 0);
        double duration;
        lock (_listener) { duration = _duration; _duration = 0; }
        if (batches > 0)
            Console.WriteLine($"threadpool: {ThreadPool.ThreadCount} threads, {ThreadPool.PendingWorkItemCount} queued");
        if (batches > 0)
            Console.WriteLine($"ledger: {batches:N0} batches, {entries / (double)batches:0.0} entries/batch, {duration / batches:0.00} ms/batch, writer busy {duration / 50:0}% of the last 5 s");
    }

    public void Dispose()
    {
        _timer.Dispose();
        _listener.Dispose();
    }
}
