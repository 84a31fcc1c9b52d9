using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Waterfall.FrontDoor.Auth;
using Waterfall.Silo;
using Waterfall.TestSupport;

namespace Waterfall.Benchmarks;

/// <summary>
/// Our real silo host in this process, its gateway pointed at a provider (the fake): the embedded store in a
/// throwaway folder, no demo tenant, one tenant with an admin key (to open, fund and audit the wallet) and a
/// meter key (the gateway calls carry it, with the wallet in <c>X-Waterfall-Wallet</c>).
/// </summary>
public sealed class GatewayBenchHost : IAsyncDisposable
{
    public const string TenantId = "bench";
    public const string AdminKey = "bench-admin-key";
    public const string MeterKey = "bench-meter-key";

    private readonly WebApplication _app;
    private readonly string _dataDirectory;

    private GatewayBenchHost(WebApplication app, string dataDirectory, GatewayTargets targets)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        Targets = targets;
    }

    public GatewayTargets Targets { get; }

    public static async Task<GatewayBenchHost> StartAsync(Uri provider, string providerKey)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"waterfall-bench-gw-{Guid.NewGuid():N}");
        var grpc = new Uri($"http://127.0.0.1:{TestPorts.Next()}");
        var http = new Uri($"http://127.0.0.1:{TestPorts.Next()}");
        var settings = new Dictionary<string, string?>(SiloEndpoints.Next(grpc: grpc, http: http).Settings())
        {
            ["Waterfall:Cluster:ClusterId"] = $"bench-gw-{Guid.NewGuid():N}",
            ["Waterfall:Demo:Enabled"] = "false",
            ["Waterfall:Store:Kind"] = "embedded",
            ["Waterfall:Store:Embedded:Path"] = Path.Combine(dataDirectory, "ledger.db"),
            [$"Waterfall:Tenants:{TenantId}:ApiKeys:0:Name"] = "admin",
            [$"Waterfall:Tenants:{TenantId}:ApiKeys:0:Sha256"] = TenantDirectory.Hash(AdminKey),
            [$"Waterfall:Tenants:{TenantId}:ApiKeys:0:Scope"] = "Admin",
            [$"Waterfall:Tenants:{TenantId}:ApiKeys:1:Name"] = "meter",
            [$"Waterfall:Tenants:{TenantId}:ApiKeys:1:Sha256"] = TenantDirectory.Hash(MeterKey),
            [$"Waterfall:Tenants:{TenantId}:ApiKeys:1:Scope"] = "Meter",
            ["Waterfall:Gateway:Providers:openai:BaseUrl"] = provider.ToString(),
            ["Waterfall:Gateway:Providers:openai:ApiKey"] = providerKey,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Waterfall:Telemetry:Dashboard"] = "false", // its profiler costs CPU on the measured path
        };
        var app = SiloHost.Build(["--environment", "Production"], builder => builder.Configuration.AddInMemoryCollection(settings));
        await app.StartAsync();
        // The gateway is mapped on every endpoint; the gRPC one speaks only HTTP/2, so it takes cleartext HTTP/2 calls too.
        return new GatewayBenchHost(app, dataDirectory, new GatewayTargets(grpc, http, grpc, provider, AdminKey, MeterKey, providerKey));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
    }

}

/// <summary>Where the gateway benchmark sends what: wallets over gRPC, LLM calls to the gateway (HTTP/1.1 or HTTP/2) or straight to the provider.</summary>
public sealed record GatewayTargets(Uri Grpc, Uri Gateway, Uri GatewayHttp2, Uri Provider, string AdminKey, string MeterKey, string ProviderKey);
