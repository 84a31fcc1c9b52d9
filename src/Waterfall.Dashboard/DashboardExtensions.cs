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
        // The ring is kept as the store keeps every other grain state, unencrypted (docs/dashboard.md): said here on purpose,
        // rather than left to the framework's start-up warning that no encryptor was configured.
        services.AddOptions<KeyManagementOptions>().Configure<IGrainFactory>((options, grains) =>
        {
            options.XmlRepository = new GrainKeyRepository(grains);
            options.XmlEncryptor = new Microsoft.AspNetCore.DataProtection.XmlEncryption.NullXmlEncryptor();
        });
        services.AddSingleton<DashboardKpis>();
        services.AddSingleton<OverviewFigures>();
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
