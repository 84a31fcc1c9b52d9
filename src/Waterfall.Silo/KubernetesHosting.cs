using Orleans.Hosting;

namespace Waterfall.Silo;

/// <summary>
/// Opt-in Kubernetes integration (<c>Waterfall:Cluster:Kubernetes=true</c>, clustered stores only):
/// the silo is named after its pod, and silos whose pods are gone are declared dead at once instead of
/// after missed membership probes, so a rollout does not leave calls routed to vanished silos.
/// Needs the pod's <c>POD_NAME</c>, <c>POD_NAMESPACE</c>, <c>POD_IP</c>, <c>ORLEANS_SERVICE_ID</c> and
/// <c>ORLEANS_CLUSTER_ID</c> and RBAC on pods (k8s/rbac.yaml). Clustering stays on PostgreSQL.
/// </summary>
internal static class KubernetesHosting
{
    public const string Setting = "Waterfall:Cluster:Kubernetes";

    public static void ConfigureIfEnabled(ISiloBuilder silo, IConfiguration configuration)
    {
        if (configuration.GetValue<bool>(Setting)) silo.UseKubernetesHosting();
    }
}
