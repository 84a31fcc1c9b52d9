using System.Diagnostics;
using System.Diagnostics.Metrics;
using Waterfall.Ledger;

namespace Waterfall.Benchmarks;

/// <summary>
/// What the server process did while a run was measured, every 10 ms: time paused by the GC, collections per
/// generation, heap size, the thread pool's queue and threads, and the store's flushes (the ledger writer's batch
/// durations). With <see cref="GcPauseListener"/>'s pauses one by one. Laid beside the load generator's latency
/// timeline, it says whether a slow slice was a pause, a queue or a flush.
/// </summary>
public sealed class ServerTimeline : IDisposable
{
    public static readonly TimeSpan Every = TimeSpan.FromMilliseconds(10);

    private readonly GcPauseListener _gc = new();
    private readonly MeterListener _ledger = new();
    private readonly List<TimelineSample> _samples = [];
    private readonly Thread _sampler;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _flushLock = new();
    private readonly List<double> _flushes = [];
    private int _flushesInSlice;
    private double _worstFlushInSlice;
    private long _entriesInSlice;
    private long _startedAt;
    private DateTime _startedAtUtc;

    public ServerTimeline()
    {
        _ledger.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == LedgerMetrics.MeterName) listener.EnableMeasurementEvents(instrument);
        };
        _ledger.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (instrument.Name != "waterfall.ledger.batch.duration") return;
            lock (_flushLock)
            {
                _flushes.Add(value);
                _flushesInSlice++;
                _worstFlushInSlice = Math.Max(_worstFlushInSlice, value);
            }
        });
        _ledger.SetMeasurementEventCallback<int>((instrument, value, _, _) =>
        {
            if (instrument.Name == "waterfall.ledger.batch.entries") Interlocked.Add(ref _entriesInSlice, value);
        });
        _ledger.Start();
        _sampler = new Thread(Sample) { IsBackground = true, Name = "server timeline", Priority = ThreadPriority.AboveNormal };
    }

    /// <summary>Starts sampling (once); what came before is not recorded.</summary>
    public void Start()
    {
        _gc.Clear();
        _startedAt = Stopwatch.GetTimestamp();
        _startedAtUtc = DateTime.UtcNow;
        _sampler.Start();
    }

    public IReadOnlyList<TimelineSample> Samples
    {
        get { lock (_samples) return [.. _samples]; }
    }

    /// <summary>The pauses since <see cref="Start"/>, at milliseconds from it.</summary>
    public IReadOnlyList<TimelinePause> Pauses =>
        [.. _gc.Pauses.Where(p => p.At >= _startedAtUtc).Select(p => new TimelinePause(Math.Round((p.At - _startedAtUtc).TotalMilliseconds, 2), Math.Round(p.Ms, 3), p.Generation, p.Reason)
        {
            SuspendMs = p.SuspendMs is { } s ? Math.Round(s, 3) : null,
            CollectMs = p.CollectMs is { } c ? Math.Round(c, 3) : null,
            PromotedMb = p.PromotedMb,
            PinnedObjects = p.PinnedObjects,
            GcHandles = p.GcHandles,
        })];

    public IReadOnlyList<double> Flushes
    {
        get { lock (_flushLock) return [.. _flushes]; }
    }

    /// <summary>Stops sampling and sums it up.</summary>
    public ServerTimelineRecord Stop()
    {
        _stop.Cancel();
        if (_sampler.IsAlive) _sampler.Join();
        return new ServerTimelineRecord(_startedAtUtc, ServerTimelineSummary.From(Samples, Pauses, Flushes), Pauses, Samples);
    }

    /// <summary>Stops sampling and sums up only the window from <paramref name="fromUtc"/> for <paramref name="seconds"/> (the measured part of a run).</summary>
    public ServerTimelineRecord Stop(DateTime fromUtc, double seconds)
    {
        var all = Stop();
        var from = (fromUtc - _startedAtUtc).TotalMilliseconds;
        var until = from + seconds * 1000;
        var samples = all.Samples.Where(s => s.AtMs > from && s.AtMs <= until + Every.TotalMilliseconds).ToList();
        var pauses = all.Pauses.Where(p => p.AtMs >= from && p.AtMs < until).ToList();
        var flushes = samples.Sum(s => s.Flushes);
        // Flush durations are kept in order of arrival; the window's are the ones its samples counted.
        var skipped = all.Samples.Where(s => s.AtMs <= from).Sum(s => s.Flushes);
        var windowFlushes = Flushes.Skip(skipped).Take(flushes).ToList();
        return new ServerTimelineRecord(_startedAtUtc, ServerTimelineSummary.From(samples, pauses, windowFlushes) with { Seconds = Math.Round(seconds, 2) }, all.Pauses, all.Samples)
        {
            MeasuredFromMs = Math.Round(from, 1),
        };
    }

    private void Sample()
    {
        var pausedBefore = GC.GetTotalPauseDuration();
        var gen0 = GC.CollectionCount(0);
        var gen1 = GC.CollectionCount(1);
        var gen2 = GC.CollectionCount(2);
        var allocated = GC.GetTotalAllocatedBytes(precise: false);
        while (!_stop.IsCancellationRequested)
        {
            _stop.Token.WaitHandle.WaitOne(Every);
            var paused = GC.GetTotalPauseDuration();
            int c0 = GC.CollectionCount(0), c1 = GC.CollectionCount(1), c2 = GC.CollectionCount(2);
            var allocatedNow = GC.GetTotalAllocatedBytes(precise: false);
            int flushes;
            double worstFlush;
            lock (_flushLock)
            {
                flushes = _flushesInSlice;
                worstFlush = _worstFlushInSlice;
                _flushesInSlice = 0;
                _worstFlushInSlice = 0;
            }
            var sample = new TimelineSample(
                AtMs: Math.Round(Stopwatch.GetElapsedTime(_startedAt).TotalMilliseconds, 2),
                PausedMs: Math.Round((paused - pausedBefore).TotalMilliseconds, 3),
                Gen0: c0 - gen0, Gen1: c1 - gen1, Gen2: c2 - gen2,
                HeapMb: Math.Round(GC.GetTotalMemory(forceFullCollection: false) / 1048576.0, 1),
                ThreadPoolQueued: ThreadPool.PendingWorkItemCount, ThreadPoolThreads: ThreadPool.ThreadCount,
                Flushes: flushes, WorstFlushMs: Math.Round(worstFlush, 3), Entries: Interlocked.Exchange(ref _entriesInSlice, 0),
                AllocatedKb: (allocatedNow - allocated) / 1024);
            (pausedBefore, gen0, gen1, gen2, allocated) = (paused, c0, c1, c2, allocatedNow);
            lock (_samples) _samples.Add(sample);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        if (_sampler.IsAlive) _sampler.Join();
        _ledger.Dispose();
        _gc.Dispose();
        _stop.Dispose();
    }
}

/// <summary>One 10 ms slice of the server: what happened in it (pause time, collections, flushes) and the state at its end.</summary>
public sealed record TimelineSample(
    double AtMs, double PausedMs, int Gen0, int Gen1, int Gen2, double HeapMb,
    long ThreadPoolQueued, int ThreadPoolThreads, int Flushes, double WorstFlushMs, long Entries, long AllocatedKb = 0);

/// <summary>One GC pause, at milliseconds from the start of the timeline.</summary>
/// <summary>One pause, split into stopping the threads and the collection, with what the collection kept.</summary>
public sealed record TimelinePause(double AtMs, double Ms, int Generation, string Reason)
{
    public double? SuspendMs { get; init; }
    public double? CollectMs { get; init; }
    public double PromotedMb { get; init; }
    public uint PinnedObjects { get; init; }
    public uint GcHandles { get; init; }
}

/// <summary>The timeline as written next to the results.</summary>
public sealed record ServerTimelineRecord(DateTime StartedAtUtc, ServerTimelineSummary Summary, IReadOnlyList<TimelinePause> Pauses, IReadOnlyList<TimelineSample> Samples)
{
    /// <summary>Where on this timeline the load generator's measuring (and its timeline's zero) began; the summary covers that window.</summary>
    public double? MeasuredFromMs { get; init; }
}
