using System.Diagnostics.Metrics;

namespace Waterfall.Ledger;

/// <summary>
/// The ledger writer's instruments (meter <c>Waterfall.Ledger</c>): how many entries each round
/// trip carries, how long it takes, and how many fail or are fenced.
/// </summary>
public static class LedgerMetrics
{
    public const string MeterName = "Waterfall.Ledger";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Histogram<int> BatchEntries = Meter.CreateHistogram<int>(
        "waterfall.ledger.batch.entries", "{entry}", "Journal entries written in one database round trip.");

    public static readonly Histogram<double> BatchDuration = Meter.CreateHistogram<double>(
        "waterfall.ledger.batch.duration", "ms", "Time to make one batch durable.");

    public static readonly Counter<long> Entries = Meter.CreateCounter<long>(
        "waterfall.ledger.entries", "{entry}", "Journal entries made durable.");

    public static readonly Counter<long> Conflicts = Meter.CreateCounter<long>(
        "waterfall.ledger.conflicts", "{append}", "Appends refused because another writer owned the wallet's next sequence.");

    public static readonly Counter<long> FailedBatches = Meter.CreateCounter<long>(
        "waterfall.ledger.batch.failures", "{batch}", "Batches the store could not write.");
}
