using Waterfall.Benchmarks;
using Waterfall.Benchmarks.CopyTrial;

namespace Waterfall.Benchmarks.Tests;

public class CopyTrialTests
{
    [Fact]
    public async Task The_copy_trial_stores_exactly_what_the_batch_statement_stores_and_both_refuse_a_stale_append()
    {
        // The trial's verdict rests on both writers doing the same work: it compares a digest of every stored row and
        // the fencing check of both, and fails (non-zero) when they differ. Timings are printed, never asserted.
        var options = BenchOptions.Parse(["--copy-trial", "--batch-sizes", "10,100", "--batches", "2"]);

        Assert.Equal(0, await CopyTrialBenchmark.RunAsync(options));
    }
}
