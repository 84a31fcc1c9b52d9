using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Waterfall.Dashboard.Reading;
using Waterfall.Dashboard.Session;

namespace Waterfall.Dashboard;

/// <summary>The dashboard module: one call registers its services, one maps it under <c>/dashboard</c> on the HTTP endpoint.</summary>
public static class DashboardExtensions
{
    /// <summary>Razor component rendering, antiforgery, and the dashboard's readers (finance must be added too: its queries are the dashboard's).</summary>
    public static IServiceCollection AddWaterfallDashboard(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddAntiforgery();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DashboardSessions>();
        // Session cookies are protected with the cluster's key ring (grain storage), so any silo accepts any silo's cookie.
        services.AddDataProtection().SetApplicationName("waterfall-dashboard");
        services.AddOptions<KeyManagementOptions>().Configure<IGrainFactory>((options, grains) => options.XmlRepository = new GrainKeyRepository(grains));
        services.AddSingleton<DashboardKpis>();
        services.AddSingleton<DailyBurn>();
        services.AddSingleton<GroupCommitWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<GroupCommitWatch>());
        services.AddSingleton<WalletDirectory>();
        return services;
    }

    public static IEndpointRouteBuilder MapWaterfallDashboard(this IEndpointRouteBuilder endpoints)
    {
        DashboardEndpoints.Map(endpoints);
        return endpoints;
    }
}
