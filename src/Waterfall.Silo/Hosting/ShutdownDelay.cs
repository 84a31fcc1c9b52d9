using Microsoft.Extensions.Options;

namespace Waterfall.Silo.Hosting;

/// <summary>
/// On SIGTERM, before anything stops: readiness already answers 503 (it watches ApplicationStopping); this keeps the
/// ports open for <see cref="WaterfallHostOptions.ShutdownDelay"/> so load balancers notice before connections are refused.
/// Then Kestrel drains in-flight calls, then the silo leaves the cluster.
/// </summary>
internal sealed partial class ShutdownDelay(IOptions<WaterfallHostOptions> options, ILogger<ShutdownDelay> logger) : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var delay = options.Value.ShutdownDelay;
        LogStopping(logger, delay.TotalSeconds);
        if (delay <= TimeSpan.Zero) return;
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The shutdown timeout ran out: stop now.
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutting down: not ready; serving {DelaySeconds} s more, then draining in-flight calls and leaving the cluster")]
    private static partial void LogStopping(ILogger logger, double delaySeconds);
}
