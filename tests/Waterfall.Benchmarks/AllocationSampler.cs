using System.Diagnostics.Tracing;

namespace Waterfall.Benchmarks;

/// <summary>
/// What the server allocates, by type: the runtime's GCAllocationTick event (about one per 100 KB allocated, naming
/// the type that crossed the mark) summed per type. A sample, not an exact count, but the same sampling the
/// runtime's own tools use; switched on with <c>WATERFALL_BENCH_ALLOCATIONS=1</c> because it costs a little.
/// </summary>
public sealed class AllocationSampler : EventListener
{
    private const string RuntimeProvider = "Microsoft-Windows-DotNETRuntime";
    private const int AllocationTick = 10;
    private readonly Dictionary<string, (long Bytes, int Ticks)> _byType = [];

    public static bool Enabled => Environment.GetEnvironmentVariable("WATERFALL_BENCH_ALLOCATIONS") == "1";

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == RuntimeProvider) EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventId != AllocationTick || e.PayloadNames is null || e.Payload is null) return;
        var typeIndex = e.PayloadNames.IndexOf("TypeName");
        var amountIndex = e.PayloadNames.IndexOf("AllocationAmount64");
        if (typeIndex < 0) return;
        var type = e.Payload[typeIndex] as string ?? "?";
        var bytes = amountIndex >= 0 && e.Payload[amountIndex] is ulong amount ? (long)amount : 100_000;
        lock (_byType)
        {
            var (b, t) = _byType.GetValueOrDefault(type);
            _byType[type] = (b + bytes, t + 1);
        }
    }

    public void Clear()
    {
        lock (_byType) _byType.Clear();
    }

    /// <summary>The types with the most sampled bytes, with their share of all sampled bytes.</summary>
    public IReadOnlyList<(string Type, long Bytes, double Share)> Top(int count)
    {
        lock (_byType)
        {
            var total = Math.Max(1, _byType.Values.Sum(v => v.Bytes));
            return [.. _byType.OrderByDescending(kv => kv.Value.Bytes).Take(count).Select(kv => (kv.Key, kv.Value.Bytes, (double)kv.Value.Bytes / total))];
        }
    }
}
