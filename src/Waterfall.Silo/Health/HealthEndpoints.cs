using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Waterfall.Silo.Hosting;

namespace Waterfall.Silo.Health;

/// <summary>
/// The probes, on the admin endpoint only: <c>/health/startup</c> (started, demo wallet seeded),
/// <c>/health/ready</c> (active cluster member, store reachable and migrated, not shutting down) and
/// <c>/health/live</c> (the process answers). Each answers JSON with every check's status; 503 when unhealthy.
/// </summary>
public static class HealthEndpoints
{
    public const string StartupTag = "startup";
    public const string ReadyTag = "ready";

    public static IServiceCollection AddWaterfallHealth(this IServiceCollection services)
    {
        services.AddSingleton<SiloStartup>();
        services.AddSingleton<StoreSchema>();
        services.AddHealthChecks()
            .AddCheck<StartupHealthCheck>("startup", tags: [StartupTag, ReadyTag])
            .AddCheck<MembershipHealthCheck>("membership", tags: [ReadyTag])
            .AddCheck<StoreHealthCheck>("store", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(5))
            .AddCheck<ShutdownHealthCheck>("shutdown", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapWaterfallHealth(this IEndpointRouteBuilder endpoints, IConfiguration configuration)
    {
        Map(endpoints, configuration, "/health/startup", c => c.Tags.Contains(StartupTag));
        Map(endpoints, configuration, "/health/ready", c => c.Tags.Contains(ReadyTag));
        // Liveness runs no check: a process that answers HTTP is alive; a slow store must not get it restarted.
        Map(endpoints, configuration, "/health/live", _ => false);
        return endpoints;
    }

    private static void Map(IEndpointRouteBuilder endpoints, IConfiguration configuration, string path, Func<HealthCheckRegistration, bool> predicate) =>
        endpoints.MapHealthChecks(path, new HealthCheckOptions { Predicate = predicate, ResponseWriter = WriteJsonAsync })
            .OnAdminPort(configuration)
            .DisableHttpMetrics();

    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = (long)report.TotalDuration.TotalMilliseconds,
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                data = e.Value.Data.Count == 0 ? null : e.Value.Data,
            }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, JsonOptions, context.RequestAborted);
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
