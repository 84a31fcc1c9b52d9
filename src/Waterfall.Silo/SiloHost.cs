using Waterfall.Dashboard;
using Waterfall.Events;
using Waterfall.Finance;
using Waterfall.FrontDoor;
using Waterfall.FrontDoor.Events;
using Waterfall.FrontDoor.RateLimits;
using Waterfall.FrontDoor.Services.Billing;
using Waterfall.FrontDoor.Services.Invoices;
using Waterfall.Gateway;
using Waterfall.Grains;
using Waterfall.Grains.Billing;
using Waterfall.Silo.Health;
using Waterfall.Silo.Hosting;
using Waterfall.Silo.Telemetry;
using Waterfall.TopUps;

namespace Waterfall.Silo;

/// <summary>
/// Builds the one process: Orleans silo, gRPC front door (HTTP/2), the HTTP API with wallet
/// top-ups, the x402 facilitator and the LLM gateway, and health endpoints. Tests build the same host with their own configuration.
/// </summary>
public static class SiloHost
{
    /// <summary>The configuration the host would read (appsettings, environment, command line), for commands like <c>migrate</c>.</summary>
    public static IConfiguration Configuration(string[] args) => WebApplication.CreateBuilder(args).Configuration;

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.AddWaterfallTelemetry();
        var cluster = builder.Configuration.GetSection(ClusterOptions.Section).Get<ClusterOptions>() ?? new ClusterOptions();
        var store = StoreConfiguration.Read(builder.Configuration);

        builder.UseOrleans(silo =>
        {
            silo.AddWaterfallGrains();
            silo.AddWaterfallBilling();
            silo.AddWaterfallEvents();
            StoreConfiguration.Configure(silo, builder.Configuration, store, cluster);
            if (TopUps.TopUpServiceCollectionExtensions.SettlesOnChain(builder.Configuration))
                silo.Services.AddEvmSettlementChain();
            WaterfallTelemetry.ConfigureSilo(silo, builder.Configuration);
        });

        builder.Services.AddWaterfallFrontDoor();
        builder.Services.AddWaterfallFinance();
        builder.Services.AddWaterfallDashboard();
        builder.Services.AddWaterfallGateway();
        builder.Services.AddWaterfallHosting();
        builder.Services.AddHostedService<DemoTenant>();

        var app = builder.Build();
        var description = StoreConfiguration.Describe(builder.Configuration, store);
        app.Lifetime.ApplicationStarted.Register(() => app.Logger.LogInformation("Waterfall silo started; store: {Store}", description));
        if (app.Services.GetRequiredService<WalletClock>().Offset is { } offset && offset != TimeSpan.Zero)
            app.Lifetime.ApplicationStarted.Register(() => app.Logger.LogWarning(
                "Wallets decide on a clock {Offset} away from the machine's ({WalletGrainOptions}:ClockOffset): for rehearsal, never production", offset, WalletGrainOptions.Section));
        app.UseWaterfallRateLimits();
        app.MapWaterfallFrontDoor();
        app.MapWaterfallBilling();
        app.MapWaterfallInvoices();
        app.MapWaterfallEvents();
        app.MapWaterfallHttpApi();
        app.MapWaterfallFinance();
        app.MapWaterfallDashboard();
        app.MapWaterfallGateway();
        app.MapWaterfallHealth(app.Configuration);
        app.MapWaterfallTelemetry();
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

    /// <summary>
    /// The address other silos reach this one at (clustered stores only). Defaults to the
    /// <c>POD_IP</c> environment variable on Kubernetes, else loopback.
    /// </summary>
    public string? AdvertisedAddress { get; set; }
}
