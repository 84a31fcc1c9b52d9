using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Hosting.Kubernetes;
using Waterfall.TestSupport;

namespace Waterfall.Silo.Tests;

[Collection("postgres")]
public sealed class KubernetesHostingTests(PostgresFixture postgres)
{
    /// <summary>
    /// A postgres silo host, built and never started: building checks the store's schema (a real, migrated
    /// database), but nothing reaches a Kubernetes API server.
    /// </summary>
    private async Task<WebApplication> Build(bool kubernetes)
    {
        var connectionString = await PostgresStore.NewDatabaseAsync(postgres);
        return SiloHost.Build(["--environment", "Testing"], b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Waterfall:Store:Kind"] = "postgres",
            ["Waterfall:Store:Postgres:ConnectionString"] = connectionString,
            ["Waterfall:Cluster:Kubernetes"] = kubernetes ? "true" : "false",
        }));
    }

    private static List<Orleans.ILifecycleParticipant<Orleans.Runtime.ISiloLifecycle>> SiloLifecycle(WebApplication app) =>
        app.Services.GetServices<Orleans.ILifecycleParticipant<Orleans.Runtime.ISiloLifecycle>>().ToList();

    [Fact]
    public async Task With_Waterfall_Cluster_Kubernetes_on_outside_a_pod_the_silo_refuses_with_a_message_naming_the_missing_pod_variable()
    {
        await using var app = await Build(kubernetes: true);
        // Orleans' Kubernetes cluster agent is in the silo's lifecycle, and its options demand the pod's downward-API variables.
        var refused = Assert.Throws<OptionsValidationException>(() => SiloLifecycle(app));
        Assert.Contains("POD_NAMESPACE", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_Waterfall_Cluster_Kubernetes_the_silo_has_no_Kubernetes_cluster_agent()
    {
        await using var app = await Build(kubernetes: false);
        Assert.DoesNotContain(SiloLifecycle(app), p => p is KubernetesClusterAgent);
    }
}
