using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Waterfall.Client;
using Waterfall.FrontDoor.Auth;
using Waterfall.Silo;
using Waterfall.TestSupport;

namespace Waterfall.FrontDoor.Tests;

/// <summary>
/// The real service on loopback: the silo host with its gRPC endpoint on a free port, two tenants,
/// and one API key per scope.
/// </summary>
public class SiloFixture : IAsyncLifetime
{
    public const string AdminKey = "e2e-admin-key";
    public const string MeterKey = "e2e-meter-key";
    public const string ReadKey = "e2e-read-key";
    public const string OtherTenantKey = "other-tenant-key";

    private WebApplication? _app;

    /// <summary>Where the embedded store keeps its file; a second fixture on the same directory starts from what the first stored.</summary>
    public string DataDirectory { get; init; } = Path.Combine(Path.GetTempPath(), $"waterfall-e2e-{Guid.NewGuid():N}");

    /// <summary>Leave <see cref="DataDirectory"/> behind on dispose, for a restart on it.</summary>
    public bool KeepsData { get; init; }

    /// <summary>The host's services, for what the front door offers in-process (e.g. the wallet key resolver).</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The silo has not started.");

    public Uri GrpcAddress { get; private set; } = null!;
    public Uri AdminAddress { get; private set; } = null!;
    public Uri HttpAddress { get; private set; } = null!;
    public GrpcChannel Channel { get; private set; } = null!;

    /// <summary>What the silo logged, at the levels its configuration lets through.</summary>
    public LogRecorder Logs { get; } = new();

    public WaterfallClient Client(string apiKey = AdminKey) => new(Channel, apiKey, new WaterfallClientOptions { MaxAttempts = 1 });

    /// <summary>The silo's grains, for set-up no public API offers (a wallet's subscription start without a plan).</summary>
    public IGrainFactory Grains() => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IGrainFactory>(Services);

    public async Task InitializeAsync()
    {
        var grpcPort = TestPorts.Next();
        var adminPort = TestPorts.Next();
        GrpcAddress = new Uri($"http://127.0.0.1:{grpcPort}");
        AdminAddress = new Uri($"http://127.0.0.1:{adminPort}");
        HttpAddress = new Uri($"http://127.0.0.1:{TestPorts.Next()}");
        var settings = new Dictionary<string, string?>(SiloEndpoints.Next(grpc: GrpcAddress, http: HttpAddress, admin: AdminAddress).Settings())
        {
            ["Waterfall:Cluster:ClusterId"] = $"e2e-{Guid.NewGuid():N}",
            ["Waterfall:Demo:Enabled"] = "false",
            ["Waterfall:Store:Kind"] = "embedded",
            ["Waterfall:Store:Embedded:Path"] = Path.Combine(DataDirectory, "ledger.db"),
            ["Waterfall:Tenants:e2e:ApiKeys:0:Name"] = "admin",
            ["Waterfall:Tenants:e2e:ApiKeys:0:Sha256"] = TenantDirectory.Hash(AdminKey),
            ["Waterfall:Tenants:e2e:ApiKeys:0:Scope"] = "Admin",
            ["Waterfall:Tenants:e2e:ApiKeys:1:Name"] = "meter",
            ["Waterfall:Tenants:e2e:ApiKeys:1:Sha256"] = TenantDirectory.Hash(MeterKey),
            ["Waterfall:Tenants:e2e:ApiKeys:1:Scope"] = "Meter",
            ["Waterfall:Tenants:e2e:ApiKeys:2:Name"] = "read",
            ["Waterfall:Tenants:e2e:ApiKeys:2:Sha256"] = TenantDirectory.Hash(ReadKey),
            ["Waterfall:Tenants:e2e:ApiKeys:2:Scope"] = "Read",
            ["Waterfall:Tenants:other:ApiKeys:0:Name"] = "admin",
            ["Waterfall:Tenants:other:ApiKeys:0:Sha256"] = TenantDirectory.Hash(OtherTenantKey),
            ["Waterfall:Tenants:other:ApiKeys:0:Scope"] = "Admin",
        };
        await ConfigureAsync(settings);
        _app = SiloHost.Build(["--environment", "Testing"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            ConfigureHost(builder);
            builder.Logging.AddProvider(Logs);
        });
        await _app.StartAsync();
        Channel = GrpcChannel.ForAddress(GrpcAddress);
    }

    /// <summary>For a fixture that needs other settings (another store, say): change them before the host is built.</summary>
    protected virtual Task ConfigureAsync(Dictionary<string, string?> settings) => Task.CompletedTask;

    /// <summary>For a fixture that observes the host (exporters, log capture): runs after the configuration is added.</summary>
    protected virtual void ConfigureHost(WebApplicationBuilder builder)
    {
    }

    public virtual async Task DisposeAsync()
    {
        Channel?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        if (!KeepsData && Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
    }
}
