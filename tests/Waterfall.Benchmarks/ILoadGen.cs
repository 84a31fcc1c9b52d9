namespace Waterfall.Benchmarks;

/// <summary>
/// Runs Waterfall.LoadGen with a command line and returns its JSON report: as a separate process in the benchmark
/// (so the load's CPU and GC are not the silo's), in-process in the bounded test.
/// </summary>
public interface ILoadGen
{
    Task<string> RunAsync(IReadOnlyList<string> arguments);
}
