using System.Globalization;

namespace Waterfall.Benchmarks;

/// <summary>A server timeline in one line's worth of numbers: the GC's pauses, the thread pool's worst queue, the store's flushes, and whether the process stopped running altogether.</summary>
public sealed record ServerTimelineSummary(
    double Seconds, double PausedMs, int Pauses, double MaxPauseMs, int PausesOver5Ms, int Gen0, int Gen1, int Gen2,
    double MaxHeapMb, long MaxThreadPoolQueued, int MaxThreadPoolThreads, int Flushes, double FlushP99Ms, double FlushMaxMs,
    double AllocatedMb = 0, double LongestGapOutsideGcMs = 0)
{
    /// <summary>Bytes the whole server process allocated per operation the load generator measured: robust to a noisy box, unlike its pauses.</summary>
    public double AllocatedBytesPer(long operations) => operations == 0 ? 0 : AllocatedMb * 1048576 / operations;

    public static ServerTimelineSummary From(IReadOnlyList<TimelineSample> samples, IReadOnlyList<TimelinePause> pauses, IReadOnlyList<double> flushes)
    {
        var sorted = flushes.Order().ToArray();
        var p99 = sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(0.99 * sorted.Length) - 1, 0, sorted.Length - 1)];
        // The runtime's own pause total counts every pause even when the event listener missed one.
        var paused = Math.Max(samples.Sum(s => s.PausedMs), pauses.Sum(p => p.Ms));
        return new ServerTimelineSummary(
            Seconds: samples.Count == 0 ? 0 : Math.Round(samples[^1].AtMs / 1000, 2),
            PausedMs: Math.Round(paused, 1),
            Pauses: pauses.Count,
            MaxPauseMs: Math.Round(pauses.Count == 0 ? samples.Select(s => s.PausedMs).DefaultIfEmpty().Max() : pauses.Max(p => p.Ms), 2),
            PausesOver5Ms: pauses.Count(p => p.Ms > 5),
            Gen0: samples.Sum(s => s.Gen0), Gen1: samples.Sum(s => s.Gen1), Gen2: samples.Sum(s => s.Gen2),
            MaxHeapMb: samples.Select(s => s.HeapMb).DefaultIfEmpty().Max(),
            MaxThreadPoolQueued: samples.Select(s => s.ThreadPoolQueued).DefaultIfEmpty().Max(),
            MaxThreadPoolThreads: samples.Select(s => s.ThreadPoolThreads).DefaultIfEmpty().Max(),
            Flushes: flushes.Count,
            FlushP99Ms: Math.Round(p99, 2),
            FlushMaxMs: Math.Round(sorted.Length == 0 ? 0 : sorted[^1], 2),
            AllocatedMb: Math.Round(samples.Sum(s => s.AllocatedKb) / 1024.0, 1),
            // The sampler waits 10 ms between samples: a far longer gap that the GC did not pause is the whole process
            // not running (the machine or its hypervisor), which the load generator's lag then shows at the same time.
            LongestGapOutsideGcMs: Math.Round(samples.Zip(samples.Skip(1), (a, b) => b.AtMs - a.AtMs - b.PausedMs).DefaultIfEmpty().Max(), 1));
    }

    public string ToText() => string.Create(CultureInfo.InvariantCulture,
        $"server: GC paused {PausedMs:0.0} ms in {Seconds:0.0} s ({Pauses} pauses, max {MaxPauseMs:0.00} ms, {PausesOver5Ms} over 5 ms; gen0/1/2 {Gen0}/{Gen1}/{Gen2}; heap ≤ {MaxHeapMb:0} MB, {AllocatedMb:N0} MB allocated), " +
        $"thread pool ≤ {MaxThreadPoolQueued} queued / {MaxThreadPoolThreads} threads, flushes {Flushes:N0} (p99 {FlushP99Ms:0.00} ms, max {FlushMaxMs:0.00} ms), " +
        $"longest sampler gap outside GC {LongestGapOutsideGcMs:0.0} ms");
}
