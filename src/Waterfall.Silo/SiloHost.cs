using Waterfall.FrontDoor;
using Waterfall.Grains;
using Waterfall.Ledger;

namespace Waterfall.Silo;

/// <summary>
/// Builds the one process: Orleans silo, gRPC front door (HTTP/2) and health endpoints
/// (HTTP/1.1). Tests build the same host with their own configuration.
/// </summary>
public static class SiloHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var cluster = builder.Configuration.GetSection(ClusterOptions.Section).Get<ClusterOptions>() ?? new ClusterOptions();

        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
            silo.AddWaterfallGrains();
            silo.Services.AddInMemoryWalletJournal();
        });

        builder.Services.AddWaterfallFrontDoor();
        builder.Services.AddHealthChecks();
        builder.Services.AddHostedService<DemoTenant>();

        var app = builder.Build();
        app.MapWaterfallFrontDoor();
        app.MapHealthChecks("/health/live");
        return app;
    }
}

/// <summary>Configuration section <c>Waterfall:Cluster</c>.</summary>
public sealed class ClusterOptions
{
    public const string Section = "Waterfall:Cluster";

    public string ServiceId { get; set; } = "waterfall";
    public string ClusterId { get; set; } = "waterfall-local";
    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;
}
