using Waterfall.Ledger;

namespace Waterfall.Silo;

/// <summary>Forgets durable idempotency keys past their retention, periodically. Every silo may run it: deletes are idempotent.</summary>
internal sealed partial class IdempotencyPurge(ILedgerStore store, StoreOptions options, ILogger<IdempotencyPurge> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.PurgeInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var purged = await store.PurgeIdempotencyAsync(DateTimeOffset.UtcNow - options.IdempotencyRetention, stoppingToken);
                if (purged > 0) LogPurged(logger, purged);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Count} idempotency keys past retention")]
    private static partial void LogPurged(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Idempotency key purge failed; will retry")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
