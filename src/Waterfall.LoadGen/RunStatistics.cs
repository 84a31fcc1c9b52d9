namespace Waterfall.LoadGen;

/// <summary>What a run's samples say: latency percentiles, the generator's lag (open loop only) and the latency timeline.</summary>
public sealed record RunStatistics(Percentiles LatencyMs, Percentiles? LagMs, IReadOnlyList<TimelineBucket> Timeline)
{
    public static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(100);

    /// <param name="samples">every measured operation</param>
    /// <param name="measureFrom">the timestamp measuring started at: the timeline's zero</param>
    /// <param name="openLoop">whether operations had due times (a closed loop has no lag of its own to report)</param>
    /// <param name="frequency">timestamp ticks per second (Stopwatch.Frequency outside tests)</param>
    public static RunStatistics From(IReadOnlyList<OperationSample> samples, long measureFrom, bool openLoop, long frequency)
    {
        var latencies = samples.Select(s => s.Latency).ToArray();
        var lags = openLoop ? samples.Select(s => Math.Max(0, s.Lag)).ToArray() : null;
        var slice = (long)(Slice.TotalSeconds * frequency);
        var timeline = samples
            .GroupBy(s => Math.Max(0, s.Due - measureFrom) / slice)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var latency = Percentiles.From(g.Select(s => s.Latency).ToArray(), frequency);
                var lag = openLoop ? g.Max(s => Math.Max(0, s.Lag)) * 1000.0 / frequency : 0;
                return new TimelineBucket(g.Key * Slice.TotalMilliseconds, g.LongCount(), latency.P99, latency.Max, lag);
            })
            .ToList();
        return new RunStatistics(Percentiles.From(latencies, frequency), lags is null ? null : Percentiles.From(lags, frequency), timeline);
    }
}
