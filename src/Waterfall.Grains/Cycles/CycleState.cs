using Waterfall.Contracts.Cycles;
using Waterfall.Domain.Subscriptions;

namespace Waterfall.Grains.Cycles;

/// <summary>A subscription cycle's stored state: what it has closed, and the grants it watches for rollover.</summary>
[GenerateSerializer, Alias("wf.CycleState")]
public sealed class CycleState
{
    /// <summary>The subscription as it started (its start anchors every period); null until started.</summary>
    [Id(0)] public Subscription? Subscription { get; set; }

    [Id(1)] public int LastClosed { get; set; }

    [Id(2)] public List<LineGrant> Lines { get; set; } = [];

    [Id(3)] public List<BoundaryRecord> Boundaries { get; set; } = [];

    [Id(4)] public bool Ended { get; set; }

    /// <summary>
    /// The subscription as it was in the period being closed, kept until the boundary is done: once the
    /// customer's subscription has moved on (renewed, or its plan changed), a boundary repeated after a
    /// crash still bills and rolls over by the terms of the period it closes.
    /// </summary>
    [Id(5)] public Subscription? Closing { get; set; }
}

/// <summary>Configuration section <c>Waterfall:Cycles</c>.</summary>
public sealed class CycleOptions
{
    public const string Section = "Waterfall:Cycles";

    /// <summary>
    /// How often a sleeping cycle's reminder ticks at most, whatever the next boundary: a lost or late
    /// tick is made up by the next one, and a clock moved by a test is noticed within this time.
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromHours(1);
}
