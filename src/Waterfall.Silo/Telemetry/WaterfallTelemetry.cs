using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Dashboard;
using Waterfall.FrontDoor;
using Waterfall.FrontDoor.Auth;
using Waterfall.Gateway;
using Waterfall.Ledger;
using Waterfall.Silo.Hosting;

namespace Waterfall.Silo.Telemetry;

/// <summary>
/// Traces, metrics and the Orleans dashboard, in one place (the ServiceDefaults pattern): <see cref="AddWaterfallTelemetry"/>
/// on the builder, <see cref="ConfigureSilo"/> inside <c>UseOrleans</c>, <see cref="MapWaterfallTelemetry"/> on the app.
/// </summary>
public static class WaterfallTelemetry
{
    /// <summary>The activity sources traced: ours, and Orleans' grain-call spans.</summary>
    public static readonly string[] Sources = [LedgerTelemetry.SourceName, "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    /// <summary>The meters exported: Orleans', and ours.</summary>
    public static readonly string[] Meters = ["Microsoft.Orleans", LedgerMetrics.MeterName, GatewayMetrics.MeterName, WalletMetrics.MeterName, Waterfall.Grains.GrainMetrics.MeterName];

    public static WebApplicationBuilder AddWaterfallTelemetry(this WebApplicationBuilder builder)
    {
        var options = Options(builder.Configuration);
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section);
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<WalletMetrics>();
        builder.Services.AddSingleton<IAnsweredCalls, WalletCallMetrics>();

        var otlp = Otlp(options, builder.Configuration);
        var traces = RecordsTraces(options, otlp);
        HostingRequestLog.TurnOffWhenIdle(builder, traces);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName, serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId));
        if (traces)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(Sources)
                .AddAspNetCoreInstrumentation(aspnet => aspnet.Filter = context => !IsAdminPath(context.Request.Path))
                .AddHttpClientInstrumentation()
                .AddGrpcClientInstrumentation()
                .AddNpgsql());
        }
        telemetry.WithMetrics(metrics => metrics
                .AddMeter(Meters)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());

        if (otlp is not null)
            telemetry.UseOtlpExporter(OtlpExportProtocol.Grpc, new Uri(otlp));
        return builder;
    }

    /// <summary>On the silo: trace context flows through grain calls (when traces are recorded), and the dashboard's grains are there.</summary>
    public static ISiloBuilder ConfigureSilo(ISiloBuilder silo, IConfiguration configuration)
    {
        // Propagation is a grain-call filter in and out, and any filter takes every grain call off Orleans' direct path
        // (a filter invoker, its async frames and a continuation per call, ~1 KB: docs/performance.md). With no traces
        // recorded there is no context to carry.
        var options = Options(configuration);
        if (RecordsTraces(options, Otlp(options, configuration))) silo.AddActivityPropagation();
        if (configuration.GetValue(TelemetryOptions.Section + ":" + nameof(TelemetryOptions.Dashboard), true))
            // Its live log stream would show whatever is logged to anyone with the page; the metrics are what it is for.
            silo.AddDashboard(dashboard => dashboard.HideTrace = true);
        return silo;
    }

    /// <summary>The Prometheus scrape at <c>/metrics</c> and the dashboard at <c>/dashboard</c>, both on the admin port only.</summary>
    public static WebApplication MapWaterfallTelemetry(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics").OnAdminPort(app.Configuration);
        if (app.Configuration.GetValue(TelemetryOptions.Section + ":" + nameof(TelemetryOptions.Dashboard), true))
        {
            app.MapOrleansDashboard(routePrefix: "/dashboard").OnAdminPort(app.Configuration).WithMetadata(AdminKeyRequired.Instance);
            app.Use(async (context, next) =>
            {
                if (context.GetEndpoint()?.Metadata.GetMetadata<AdminKeyRequired>() is not null && !HasAdminKey(context))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                    await context.Response.WriteAsync("The dashboard needs an admin API key (authorization: Bearer <key>, or x-api-key).");
                    return;
                }
                await next(context);
            });
        }
        return app;
    }

    private static TelemetryOptions Options(IConfiguration configuration) =>
        configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();

    /// <summary>The OTLP endpoint, or null when nothing is exported (a malformed one is refused at start by the configuration validation, naming the key).</summary>
    private static string? Otlp(TelemetryOptions options, IConfiguration configuration) =>
        (options.OtlpEndpoint ?? configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]) is { } otlp && !string.IsNullOrWhiteSpace(otlp) && TelemetryOptions.IsHttpUrl(otlp) ? otlp : null;

    private static bool RecordsTraces(TelemetryOptions options, string? otlp) => options.Tracing || otlp is not null;

    private static bool HasAdminKey(HttpContext context) =>
        context.RequestServices.GetRequiredService<TenantDirectory>().Authenticate(
            context.Request.Headers.Authorization.ToString() is { Length: > 0 } auth ? auth : null,
            context.Request.Headers["x-api-key"].ToString() is { Length: > 0 } key ? key : null,
            ApiScope.Admin, out _) is not null;

    private static bool IsAdminPath(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics") || path.StartsWithSegments("/dashboard");

    private sealed class AdminKeyRequired
    {
        public static readonly AdminKeyRequired Instance = new();
    }
}
