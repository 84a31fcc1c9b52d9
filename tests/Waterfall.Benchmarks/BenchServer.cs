using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Waterfall.FrontDoor.Auth;
using Waterfall.Silo;
using Waterfall.TestSupport;

namespace Waterfall.Benchmarks;

/// <summary>Our real silo host, in this process, with the benchmark's reference services mapped beside the API.</summary>
public sealed class BenchServer : IAsyncDisposable
{
    public const string ApiKey = "bench-admin-key";

    private readonly WebApplication _app;
    private readonly NpgsqlDataSource _baseline;

    private BenchServer(WebApplication app, NpgsqlDataSource baseline, Uri grpc)
    {
        _app = app;
        _baseline = baseline;
        Grpc = grpc;
    }

    public Uri Grpc { get; }

    public static async Task<BenchServer> StartAsync(IReadOnlyDictionary<string, string?> store, string baselineConnectionString)
    {
        var grpc = new Uri($"http://127.0.0.1:{TestPorts.Next()}");
        var settings = new Dictionary<string, string?>(SiloEndpoints.Next(grpc: grpc).Settings().Concat(store))
        {
            ["Waterfall:Cluster:ClusterId"] = $"bench-{Guid.NewGuid():N}",
            ["Waterfall:Tenants:bench:ApiKeys:0:Name"] = "bench",
            ["Waterfall:Tenants:bench:ApiKeys:0:Sha256"] = TenantDirectory.Hash(ApiKey),
            ["Waterfall:Tenants:bench:ApiKeys:0:Scope"] = "Admin",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Waterfall:Telemetry:Dashboard"] = "false", // its profiler costs CPU on the measured path
        };
        var baseline = new NpgsqlDataSourceBuilder(baselineConnectionString) { ConnectionStringBuilder = { MaxPoolSize = 150 } }.Build();
        var database = new BaselineDatabase(baseline);
        await database.CreateSchemaAsync();
        var app = SiloHost.Build(["--environment", "Production"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.AddSingleton(database);
        });
        app.MapGrpcService<BenchApi>();
        await app.StartAsync();
        return new BenchServer(app, baseline, grpc);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _baseline.DisposeAsync();
    }

}
