using System.Globalization;

namespace Waterfall.Fuzzing;

/// <summary>
/// How long each surface is fuzzed and from which seed: a few seconds with fixed seeds in CI, longer on demand
/// (<c>WATERFALL_FUZZ_SECONDS</c>), another seed on demand (<c>WATERFALL_FUZZ_SEED</c>). The seed is printed, so a
/// failing run replays exactly (up to the server's own concurrency).
/// </summary>
public static class FuzzBudget
{
    public static TimeSpan PerSurface { get; } =
        TimeSpan.FromSeconds(double.TryParse(Environment.GetEnvironmentVariable("WATERFALL_FUZZ_SECONDS"), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 3);

    public static int Seed(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable("WATERFALL_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : fallback;

    /// <summary>Runs <paramref name="iteration"/> until the budget is spent (at least a few times), and says how many ran.</summary>
    public static async Task<int> RunAsync(string surface, int seed, Func<Random, int, Task> iteration)
    {
        var random = new Random(seed);
        Console.WriteLine($"fuzz {surface}: seed {seed} (WATERFALL_FUZZ_SEED={seed} replays it), {PerSurface.TotalSeconds:0.#} s");
        var started = DateTime.UtcNow;
        var count = 0;
        while (count < 20 || DateTime.UtcNow - started < PerSurface)
            await iteration(random, count++);
        Console.WriteLine($"fuzz {surface}: {count} inputs in {(DateTime.UtcNow - started).TotalSeconds:0.0} s");
        return count;
    }
}
