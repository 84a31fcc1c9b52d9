using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Waterfall.Silo.Telemetry;

/// <summary>
/// The front door's instruments, on meter <c>Waterfall.Wallets</c>: calls by operation and outcome, refusals by
/// operation and reason (the <c>ErrorInfo</c> reason a client sees).
/// </summary>
public sealed class WalletMetrics : IDisposable
{
    public const string MeterName = "Waterfall.Wallets";

    private readonly Meter _meter;
    private readonly Counter<long> _operations;
    private readonly Counter<long> _refusals;
    private readonly Histogram<double> _duration;

    public WalletMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _operations = _meter.CreateCounter<long>("waterfall.wallets.operations", "{operation}", "Front-door calls by operation and outcome (ok, refused, failed).");
        _refusals = _meter.CreateCounter<long>("waterfall.wallets.refusals", "{refusal}", "Refused front-door calls by operation and reason.");
        _duration = _meter.CreateHistogram<double>("waterfall.wallets.operation.duration", "s", "Front-door calls, as the server sees them.");
    }

    public void Completed(string operation, TimeSpan duration) => Record(operation, "ok", duration);

    public void Refused(string operation, string reason, TimeSpan duration)
    {
        _refusals.Add(1, new TagList { { "operation", operation }, { "reason", reason } });
        Record(operation, "refused", duration);
    }

    public void Failed(string operation, TimeSpan duration) => Record(operation, "failed", duration);

    private void Record(string operation, string outcome, TimeSpan duration)
    {
        var tags = new TagList { { "operation", operation }, { "outcome", outcome } };
        _operations.Add(1, tags);
        _duration.Record(duration.TotalSeconds, tags);
    }

    public void Dispose() => _meter.Dispose();
}
