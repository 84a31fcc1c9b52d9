using System.Diagnostics;

namespace Waterfall.Ledger;

/// <summary>
/// The ledger writer's spans (source <c>Waterfall.Ledger</c>): <c>journal.append</c>, in the caller's trace, from
/// handing entries over until they are durable; <c>journal.write</c>, the store round trip of one batch, under the
/// first waiting call's trace and linked to the others it carried.
/// </summary>
public static class LedgerTelemetry
{
    public const string SourceName = "Waterfall.Ledger";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>Starts the append span; the returned task completes with <paramref name="durable"/> and ends the span.</summary>
    internal static Task Traced(Activity? append, Task durable)
    {
        if (append is null) return durable;
        return durable.ContinueWith(static (done, state) =>
        {
            var activity = (Activity)state!;
            if (done.IsFaulted) activity.SetStatus(ActivityStatusCode.Error, done.Exception!.InnerException?.GetType().Name);
            activity.Dispose();
            return done;
        }, append, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).Unwrap();
    }

    /// <summary>The write span of one batch: child of the first call's append span, linked to every other call's.</summary>
    internal static Activity? StartWrite(IEnumerable<object?> callerStates, int entries)
    {
        if (!Source.HasListeners()) return null;
        var callers = callerStates.Select(static s => s is ActivityContext context ? context : default).ToList();
        var parent = callers.Count > 0 ? callers[0] : default;
        var links = callers.Skip(1).Where(c => c != default).Select(c => new ActivityLink(c));
        var write = Source.StartActivity("journal.write", ActivityKind.Internal, parent, links: links);
        write?.SetTag("waterfall.ledger.batch.entries", entries);
        write?.SetTag("waterfall.ledger.batch.appends", callers.Count);
        return write;
    }
}
