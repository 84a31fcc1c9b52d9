namespace Waterfall.LoadGen;

/// <summary>
/// The operations due in one slice of the run (by default 100 ms), measured from the start of measuring: how many,
/// their p99 and worst latency, and the generator's worst lag — to lay beside the server's GC and thread-pool timeline.
/// </summary>
public sealed record TimelineBucket(double AtMs, long Operations, double P99Ms, double MaxMs, double MaxLagMs);
