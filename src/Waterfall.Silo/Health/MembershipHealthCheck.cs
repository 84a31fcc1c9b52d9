using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace Waterfall.Silo.Health;

/// <summary>Healthy while this silo's own membership status is Active: it takes grain calls, and other silos see it.</summary>
internal sealed class MembershipHealthCheck(ILocalSiloDetails silo, IClusterMembershipService membership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        var data = new Dictionary<string, object> { ["silo"] = silo.SiloAddress.ToString(), ["status"] = status.ToString() };
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy("The silo is an active cluster member.", data)
            : HealthCheckResult.Unhealthy($"The silo's membership status is {status}.", data: data));
    }
}
