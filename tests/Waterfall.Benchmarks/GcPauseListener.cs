using System.Diagnostics.Tracing;

namespace Waterfall.Benchmarks;

/// <summary>
/// Every stop-the-world pause of this process, from the runtime's own GC events: a pause runs from GCSuspendEEBegin
/// to GCRestartEEEnd, and carries the generation of the collection that asked for it. Events reach an in-process
/// listener a little after the fact, on the runtime's dispatch thread; their timestamps are when they happened.
/// </summary>
public sealed class GcPauseListener : EventListener
{
    private const string RuntimeProvider = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private const int GcStart = 1, GcEnd = 2, RestartEeEnd = 3, HeapStats = 4, SuspendEeEnd = 8, SuspendEeBegin = 9;

    private readonly List<GcPause> _pauses = [];
    private DateTime? _suspendedAt;
    private DateTime? _suspendEndedAt, _gcStartedAt, _gcEndedAt;
    private ulong _promoted0, _promoted1, _promoted2;
    private uint _pinned, _handles;
    private int _generation = -1;
    private string _reason = "";

    public IReadOnlyList<GcPause> Pauses
    {
        get { lock (_pauses) return [.. _pauses]; }
    }

    public void Clear()
    {
        lock (_pauses) _pauses.Clear();
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == RuntimeProvider) EnableEvents(eventSource, EventLevel.Informational, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        switch (e.EventId)
        {
            case GcStart:
                _generation = Payload<uint>(e, "Depth") is { } depth ? (int)depth : -1;
                _reason = Payload<uint>(e, "Reason") is { } reason ? Reason(reason) : "";
                _gcStartedAt = e.TimeStamp;
                break;
            case GcEnd:
                _gcEndedAt = e.TimeStamp;
                break;
            case SuspendEeEnd:
                _suspendEndedAt = e.TimeStamp;
                break;
            case HeapStats:
                _promoted0 = Payload<ulong>(e, "TotalPromotedSize0") ?? 0;
                _promoted1 = Payload<ulong>(e, "TotalPromotedSize1") ?? 0;
                _promoted2 = Payload<ulong>(e, "TotalPromotedSize2") ?? 0;
                _pinned = Payload<uint>(e, "PinnedObjectCount") ?? 0;
                _handles = Payload<uint>(e, "GCHandleCount") ?? 0;
                break;
            case SuspendEeBegin:
                _suspendedAt = e.TimeStamp;
                break;
            case RestartEeEnd when _suspendedAt is { } from:
                lock (_pauses) _pauses.Add(new GcPause(from.ToUniversalTime(), (e.TimeStamp - from).TotalMilliseconds, _generation, _reason)
                {
                    SuspendMs = _suspendEndedAt is { } s && s >= from ? (s - from).TotalMilliseconds : null,
                    CollectMs = _gcStartedAt is { } g && _gcEndedAt is { } ge && ge >= g ? (ge - g).TotalMilliseconds : null,
                    PromotedMb = Math.Round((_promoted0 + _promoted1 + _promoted2) / 1048576.0, 2),
                    PinnedObjects = _pinned,
                    GcHandles = _handles,
                });
                _suspendEndedAt = _gcStartedAt = _gcEndedAt = null;
                _suspendedAt = null;
                _generation = -1;
                break;
        }
    }

    private static T? Payload<T>(EventWrittenEventArgs e, string name) where T : struct
    {
        var index = e.PayloadNames?.IndexOf(name) ?? -1;
        return index >= 0 && e.Payload?[index] is T value ? value : null;
    }

    // The runtime's gc_reason values, the ones a busy service meets.
    private static string Reason(uint reason) => reason switch
    {
        0 => "alloc_soh",
        1 => "induced",
        2 => "lowmemory",
        3 => "empty",
        4 => "alloc_loh",
        5 => "oos_soh",
        6 => "oos_loh",
        7 => "induced_noforce",
        _ => reason.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>One stop-the-world pause: when it began, how long the program stood still, the collection's generation (-1 when not seen).</summary>
public sealed record GcPause(DateTime At, double Ms, int Generation, string Reason)
{
    /// <summary>How long stopping every managed thread took (GCSuspendEEBegin → GCSuspendEEEnd).</summary>
    public double? SuspendMs { get; init; }
    /// <summary>The collection itself (GCStart → GCEnd).</summary>
    public double? CollectMs { get; init; }
    /// <summary>Bytes the collection kept (promoted), from GCHeapStats.</summary>
    public double PromotedMb { get; init; }
    public uint PinnedObjects { get; init; }
    public uint GcHandles { get; init; }
}
