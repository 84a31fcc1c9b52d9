using System.Diagnostics;
using Waterfall.Benchmarks;
using Waterfall.TestSupport;

namespace Waterfall.Benchmarks.Tests;

public class ServerTimelineTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_forced_collection_shows_up_on_the_timeline_as_a_pause_of_generation_2()
    {
        using var timeline = new ServerTimeline();
        timeline.Start();
        await Eventually.UntilAsync(() => timeline.Samples.Count > 0, "the first sample", Deadline);

        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        await Eventually.UntilAsync(() => timeline.Pauses.Any(p => p.Generation == 2 && p.Reason == "induced"), "the induced collection's pause event", Deadline);
        await Eventually.UntilAsync(() => timeline.Samples.Sum(s => s.Gen2) > 0, "a sample that counted the collection", Deadline);
        var record = timeline.Stop();

        Assert.Contains(record.Pauses, p => p.Generation == 2 && p.Ms >= 0);
        Assert.True(record.Summary.Gen2 >= 1);
        Assert.True(record.Summary.Pauses >= 1);
        Assert.True(record.Summary.MaxThreadPoolThreads > 0);
        Assert.True(record.Summary.MaxHeapMb > 0);
    }

    [Fact]
    public void The_summary_counts_pauses_over_5_ms_and_the_flushes_p99()
    {
        var samples = new List<TimelineSample>
        {
            new(10, 1, 1, 0, 0, 50, 3, 4, 2, 4, 20),
            new(20, 8, 1, 0, 0, 60, 40, 6, 1, 9, 10),
        };
        var pauses = new List<TimelinePause> { new(5, 1, 0, "alloc_soh"), new(15, 8, 1, "alloc_soh") };

        var summary = ServerTimelineSummary.From(samples, pauses, Enumerable.Range(1, 100).Select(i => (double)i).ToList());

        Assert.Equal(9, summary.PausedMs);
        Assert.Equal(2, summary.Pauses);
        Assert.Equal(8, summary.MaxPauseMs);
        Assert.Equal(1, summary.PausesOver5Ms);
        Assert.Equal(2, summary.Gen0);
        Assert.Equal(40, summary.MaxThreadPoolQueued);
        Assert.Equal(99, summary.FlushP99Ms);
        Assert.Equal(100, summary.FlushMaxMs);
        Assert.Contains("1 over 5 ms", summary.ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_gap_between_samples_that_no_pause_explains_is_reported_as_the_longest_gap_outside_gc()
    {
        var samples = new List<TimelineSample>
        {
            new(10, 0, 0, 0, 0, 50, 0, 4, 0, 0, 0),
            new(260, 240, 1, 0, 0, 50, 0, 4, 0, 0, 0),
            new(470, 0, 0, 0, 0, 50, 0, 4, 0, 0, 0),
            new(480, 0, 0, 0, 0, 50, 0, 4, 0, 0, 0),
        };

        // The longest gap (250 ms) is a pause; the 210 ms after it is not.
        var summary = ServerTimelineSummary.From(samples, [new(20, 240, 0, "alloc_soh")], []);

        Assert.Equal(210, summary.LongestGapOutsideGcMs);
        Assert.Contains("longest sampler gap outside GC 210.0 ms", summary.ToText(), StringComparison.Ordinal);
    }
}
