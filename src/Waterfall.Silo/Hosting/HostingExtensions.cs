using Waterfall.Silo.Health;

namespace Waterfall.Silo.Hosting;

/// <summary>How the process starts and stops: configuration validated at start, probes, start-up warnings, the shutdown delay.</summary>
public static class HostingExtensions
{
    public static IServiceCollection AddWaterfallHosting(this IServiceCollection services)
    {
        services.AddWaterfallConfigurationValidation();
        services.AddWaterfallHealth();
        services.AddHostedService<StartupNotices>();
        services.AddHostedService<ShutdownDelay>();
        return services;
    }
}
