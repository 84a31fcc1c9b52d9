using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Waterfall.Silo.Health;

/// <summary>Unhealthy from the moment shutdown begins (SIGTERM), so load balancers stop routing here while in-flight calls finish.</summary>
internal sealed class ShutdownHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("Shutting down.")
            : HealthCheckResult.Healthy("Not shutting down."));
}
