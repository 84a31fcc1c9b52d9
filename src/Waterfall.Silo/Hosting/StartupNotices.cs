using Microsoft.Extensions.Options;
using Waterfall.FrontDoor.Auth;

namespace Waterfall.Silo.Hosting;

/// <summary>
/// What an operator needs to see at start: a silo with no tenant refuses every call, and would otherwise say nothing;
/// the GC settings the runtime took, because a GC knob it did not recognise leaves no other trace.
/// </summary>
internal sealed partial class StartupNotices(IOptions<TenantOptions> tenants, IHostEnvironment environment, ILogger<StartupNotices> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (tenants.Value.Tenants.Count == 0) LogNoTenant(logger, environment.EnvironmentName);
        LogGarbageCollector(logger, GarbageCollectorSettings.Describe());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "No tenant is configured (Waterfall:Tenants is empty, environment {Environment}): every call will be refused UNAUTHENTICATED. " +
        "Add a tenant's API key hashes under Waterfall:Tenants (docs/configuration.md), or run with DOTNET_ENVIRONMENT=Development for the demo tenant.")]
    private static partial void LogNoTenant(ILogger logger, string environment);

    [LoggerMessage(Level = LogLevel.Information, Message = "Garbage collector: {Settings}")]
    private static partial void LogGarbageCollector(ILogger logger, string settings);
}
