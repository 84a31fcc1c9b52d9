using System.Text.Json;
using Waterfall.Benchmarks;
using Waterfall.LoadGen;

namespace Waterfall.Benchmarks.Tests;

public class LoadReportTests
{
    // One tick a millisecond, so the samples read as what they mean.
    private const long Frequency = 1_000;

    private static OperationSample Closed(long start, long latency) => new(start, start, start, start + latency);

    [Fact]
    public void Percentiles_report_p99_9_and_the_worst_operation_next_to_p99()
    {
        var samples = Enumerable.Range(1, 1_000).Select(i => Closed(i, latency: i)).ToList();

        var statistics = RunStatistics.From(samples, measureFrom: 0, openLoop: false, Frequency);

        Assert.Equal(500, statistics.LatencyMs.P50);
        Assert.Equal(990, statistics.LatencyMs.P99);
        Assert.Equal(999, statistics.LatencyMs.P999);
        Assert.Equal(1_000, statistics.LatencyMs.Max);
    }

    [Fact]
    public void A_closed_loop_has_no_lag_of_its_own_to_report()
    {
        var statistics = RunStatistics.From([Closed(0, 5), Closed(10, 5)], measureFrom: 0, openLoop: false, Frequency);

        Assert.Null(statistics.LagMs);
    }

    [Fact]
    public void The_generators_lag_counts_from_when_the_operation_was_due_and_its_agent_free_not_from_a_slow_previous_answer()
    {
        var samples = new List<OperationSample>
        {
            new(Due: 0, Ready: 0, Started: 0, Ended: 2),        // on time
            new(Due: 10, Ready: 10, Started: 17, Ended: 20),    // the generator itself started it 7 ms late
            new(Due: 20, Ready: 50, Started: 50, Ended: 52),    // its agent waited 30 ms for the previous answer: the server's, not lag
        };
        samples.AddRange(Enumerable.Range(0, 97).Select(i => new OperationSample(100 + i, 100 + i, 101 + i, 102 + i)));

        var statistics = RunStatistics.From(samples, measureFrom: 0, openLoop: true, Frequency);

        Assert.NotNull(statistics.LagMs);
        Assert.Equal(7, statistics.LagMs.Max);
        Assert.Equal(1, statistics.LagMs.P99);
        Assert.Equal(1, statistics.LagMs.P50);
        // The caller still sees the wait: latency runs from due to answered.
        Assert.Equal(32, statistics.LatencyMs.Max);
    }

    [Fact]
    public void The_timeline_has_a_slice_per_100_ms_of_due_times_with_its_p99_worst_latency_and_lag()
    {
        var samples = new List<OperationSample>
        {
            new(Due: 1_000, Ready: 1_000, Started: 1_000, Ended: 1_003),
            new(Due: 1_050, Ready: 1_050, Started: 1_054, Ended: 1_090),
            new(Due: 1_250, Ready: 1_250, Started: 1_250, Ended: 1_251),
        };

        var timeline = RunStatistics.From(samples, measureFrom: 1_000, openLoop: true, Frequency).Timeline;

        Assert.Equal([0.0, 200.0], timeline.Select(b => b.AtMs));
        Assert.Equal([2L, 1L], timeline.Select(b => b.Operations));
        Assert.Equal(40, timeline[0].MaxMs);
        Assert.Equal(40, timeline[0].P99Ms);
        Assert.Equal(4, timeline[0].MaxLagMs);
        Assert.Equal(1, timeline[1].MaxMs);
    }

    [Fact]
    public void The_benchmark_reads_p99_9_max_lag_and_the_timeline_from_the_load_generators_json()
    {
        var statistics = RunStatistics.From([new(0, 0, 3, 10), new(100, 100, 100, 105)], measureFrom: 0, openLoop: true, Frequency);
        var report = new LoadReport("debit", "http://localhost:5080/", 200, 10_000, 8, 2, 2, 0.25, 0.25, statistics.LatencyMs,
            new Dictionary<string, long>(), true, "ledger matches", LagMs: statistics.LagMs, Timeline: statistics.Timeline,
            MeasuredFromUtc: new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc));

        var measurement = Measurement.From(JsonSerializer.Serialize(report, LoadReport.Json), "memory", rate: 1_000);

        Assert.Equal(10, measurement.P999);
        Assert.Equal(10, measurement.Max);
        Assert.Equal(3, measurement.LagMax);
        Assert.Equal(3, measurement.LagP99);
        Assert.Equal(2, measurement.Timeline!.Value.GetArrayLength());
        Assert.Equal(new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc), measurement.MeasuredFromUtc);
        Assert.Equal(8, measurement.Seconds);
    }

    [Fact]
    public void A_batch_run_reports_debits_per_second_and_the_benchmark_reads_them()
    {
        var statistics = RunStatistics.From([new(0, 0, 0, 10), new(100, 100, 100, 110)], measureFrom: 0, openLoop: false, Frequency);
        var report = new LoadReport("debit-batch", "http://localhost:5080/", 8, 10_000, 4, 2, 2, 0.5, 0.5, statistics.LatencyMs,
            new Dictionary<string, long>(), true, "ledger matches", ItemsPerOperation: 1_000);

        var measurement = Measurement.From(JsonSerializer.Serialize(report, LoadReport.Json), "embedded", rate: null);

        Assert.Equal(500, report.ItemThroughput);
        Assert.Contains("500 debits/s (1,000 per operation)", report.ToText(), StringComparison.Ordinal);
        Assert.Equal(500, measurement.ItemThroughput);
        Assert.Null(Measurement.From(JsonSerializer.Serialize(report with { ItemsPerOperation = null }, LoadReport.Json), "embedded", null).ItemThroughput);
    }
}
