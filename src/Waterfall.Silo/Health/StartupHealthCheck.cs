using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Waterfall.Silo.Health;

/// <summary>Healthy once the host has started and, with the demo tenant on, the demo wallet is funded.</summary>
internal sealed class StartupHealthCheck(SiloStartup startup) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            !startup.Started ? HealthCheckResult.Unhealthy("The silo is starting.")
            : !startup.DemoSeeded ? HealthCheckResult.Unhealthy("The demo wallet is not seeded yet.")
            : HealthCheckResult.Healthy(startup.DemoEnabled ? "Started; demo wallet seeded." : "Started."));
}
