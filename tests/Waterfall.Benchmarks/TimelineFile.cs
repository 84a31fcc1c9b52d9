using System.Text.Json;

namespace Waterfall.Benchmarks;

/// <summary>Runs a measurement with the server's timeline recorded, and writes both timelines (server and load generator) side by side.</summary>
public static class TimelineFile
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task<Measurement> RecordAsync(Func<Task<Measurement>> run, string path)
    {
        using var timeline = new ServerTimeline();
        timeline.Start();
        var measurement = await run();
        var server = measurement.MeasuredFromUtc is { } from ? timeline.Stop(from, measurement.Seconds) : timeline.Stop();
        measurement = measurement with { Server = server.Summary };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(new
        {
            measurement.Scenario, measurement.Store, measurement.Agents, measurement.Wallets, measurement.Rate,
            Latency = new { measurement.P50, measurement.P99, measurement.P999, measurement.Max, measurement.LagP99, measurement.LagMax },
            Server = server,
            // The load generator's slices start when its measuring starts (after its warm-up); the server's when the process was started.
            LoadGen = measurement.Timeline,
        }, Json));
        Console.WriteLine($"  {server.Summary.ToText()}\n  timelines written to {Path.GetFullPath(path)}");
        return measurement;
    }
}
