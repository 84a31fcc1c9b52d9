using System.Net;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Waterfall.Client;
using Waterfall.FrontDoor;
using Waterfall.FrontDoor.Auth;
using Waterfall.FrontDoor.Services.Billing;
using Waterfall.FrontDoor.Services.Invoices;

namespace Waterfall.Testing;

/// <summary>
/// The real gRPC front door (authentication, validation, rating, error mapping) on a loopback port,
/// routing to the test cluster through its client: what an integrator's SDK calls meet in production.
/// </summary>
internal sealed class InProcessFrontDoor : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;

    private InProcessFrontDoor(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        _channel = GrpcChannel.ForAddress(address);
    }

    public Uri Address { get; }

    public static async Task<InProcessFrontDoor> StartAsync(IClusterClient cluster, IReadOnlyDictionary<string, string?> settings)
    {
        // The empty builder reads no appsettings.json or environment: the integrator's own test
        // configuration (say, Kestrel endpoints of their service) must not reach this host.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(TenantSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        // Port 0 and read back what was bound: no port is picked and released for another process to take.
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddSingleton(cluster);
        builder.Services.AddSingleton<IGrainFactory>(cluster);
        builder.Services.AddWaterfallFrontDoor();

        var app = builder.Build();
        app.MapWaterfallFrontDoor();
        app.MapWaterfallBilling();
        app.MapWaterfallInvoices();
        Waterfall.FrontDoor.Events.EventsEndpointExtensions.MapWaterfallEvents(app);
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The in-process front door did not report the address it listens on.");
        return new InProcessFrontDoor(app, new Uri(bound));
    }

    public WaterfallClient CreateClient(string apiKey, WaterfallClientOptions? options) => new(_channel, apiKey, options);

    private static Dictionary<string, string?> TenantSettings()
    {
        var settings = new Dictionary<string, string?>();
        var keys = new[] { ("admin", WaterfallTestCluster.AdminApiKey, ApiScope.Admin), ("meter", WaterfallTestCluster.MeterApiKey, ApiScope.Meter), ("read", WaterfallTestCluster.ReadApiKey, ApiScope.Read) };
        for (var i = 0; i < keys.Length; i++)
        {
            var (name, key, scope) = keys[i];
            var prefix = $"Waterfall:Tenants:{WaterfallTestCluster.TenantId}:ApiKeys:{i}";
            settings[$"{prefix}:Name"] = name;
            settings[$"{prefix}:Sha256"] = TenantDirectory.Hash(key);
            settings[$"{prefix}:Scope"] = scope.ToString();
        }
        return settings;
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
