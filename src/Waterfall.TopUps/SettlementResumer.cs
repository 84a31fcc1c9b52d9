using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Waterfall.Contracts.Settlement;
using Waterfall.Domain.Settlement;

namespace Waterfall.TopUps;

/// <summary>
/// Wakes the settlement grain of every top-up network once the silo is up, so authorizations queued or
/// in flight before a restart settle without waiting for the next top-up to activate the grain.
/// </summary>
internal sealed partial class SettlementResumer(WalletTopUps topUps, IGrainFactory grains, IHostApplicationLifetime lifetime, ILogger<SettlementResumer> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _ = ResumeAsync());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task ResumeAsync()
    {
        foreach (var network in topUps.Networks)
        {
            try
            {
                await grains.GetGrain<ISettlementGrain>(SettlementGrainKey.For(network.Id, network.Asset.ToString(), network.TopUpPayTo!.Value.ToString())).Resume();
            }
            catch (Exception ex)
            {
                LogResumeFailed(logger, network.Id, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not resume top-up settlement on {Network}; it resumes with the next top-up")]
    private static partial void LogResumeFailed(ILogger logger, string network, Exception exception);
}
