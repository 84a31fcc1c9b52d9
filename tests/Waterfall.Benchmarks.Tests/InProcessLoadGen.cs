using Waterfall.Benchmarks;
using Waterfall.LoadGen;

namespace Waterfall.Benchmarks.Tests;

/// <summary>The load generator's own command, with the benchmark's arguments, in this process: the same code without a process start.</summary>
public sealed class InProcessLoadGen : ILoadGen
{
    public async Task<string> RunAsync(IReadOnlyList<string> arguments)
    {
        var json = Path.Combine(Path.GetTempPath(), $"waterfall-bench-test-{Guid.NewGuid():N}.json");
        try
        {
            var exit = await LoadGenCommand.RunAsync([.. arguments, "--json", json], TextWriter.Null, CancellationToken.None);
            if (!File.Exists(json)) throw new InvalidOperationException($"The load generator wrote no report (exit code {exit}).");
            return await File.ReadAllTextAsync(json);
        }
        finally
        {
            File.Delete(json);
        }
    }
}
