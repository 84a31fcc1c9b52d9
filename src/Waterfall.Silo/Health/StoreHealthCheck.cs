using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Waterfall.Silo.Health;

/// <summary>Healthy while the store answers and has every migration this build expects.</summary>
internal sealed class StoreHealthCheck(StoreSchema schema) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var problem = await schema.ProblemAsync(cancellationToken);
        return problem is null ? HealthCheckResult.Healthy("The store is reachable and migrated.") : HealthCheckResult.Unhealthy(problem);
    }
}
