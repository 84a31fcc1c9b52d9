using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Waterfall.Contracts.Events;

namespace Waterfall.Events;

/// <summary>
/// Wakes every tenant's deliveries once the silo is up and then every <see cref="EventsOptions.ResumeInterval"/>:
/// after a restart (or a silo lost with deliveries in flight) undelivered events go out without
/// waiting for new ones. The outbox and each delivery's cursor are the truth; waking is only a nudge.
/// </summary>
internal sealed partial class WebhookResumer(IGrainFactory grains, IHostApplicationLifetime lifetime, IOptions<EventsOptions> options, ILogger<WebhookResumer> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            await started.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
        using var timer = new PeriodicTimer(options.Value.ResumeInterval);
        do
        {
            try
            {
                foreach (var tenant in await grains.GetGrain<IWebhookDirectoryGrain>(0).Tenants())
                    await grains.GetGrain<IWebhookEndpointsGrain>(tenant).Notify();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogResumeFailed(logger, ex);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not wake webhook deliveries; the next round tries again")]
    private static partial void LogResumeFailed(ILogger logger, Exception exception);
}
