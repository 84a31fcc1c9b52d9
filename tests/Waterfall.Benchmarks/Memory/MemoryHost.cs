using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Waterfall.Silo;
using Waterfall.TestSupport;

namespace Waterfall.Benchmarks.Memory;

/// <summary>
/// Our real silo host on one store, with nothing else in the process but the memory probe: no
/// baseline database, no load generator, so what the heap grows by is the wallets.
/// </summary>
public sealed class MemoryHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string? _dataDirectory;

    private MemoryHost(WebApplication app, string? dataDirectory)
    {
        _app = app;
        _dataDirectory = dataDirectory;
    }

    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();

    /// <param name="store"><c>memory</c> or <c>embedded</c> (a fresh SQLite file in a temporary folder).</param>
    /// <param name="keepKeys">False remembers idempotency keys for a millisecond only, to measure the window's share.</param>
    public static async Task<MemoryHost> StartAsync(string store, bool keepKeys)
    {
        var settings = new Dictionary<string, string?>(SiloEndpoints.Next().Settings())
        {
            ["Waterfall:Store:Kind"] = store,
            ["Waterfall:Cluster:ClusterId"] = $"memory-{Guid.NewGuid():N}",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Waterfall:Telemetry:Dashboard"] = "false", // its profiler costs CPU on the measured path
        };
        if (!keepKeys) settings["Waterfall:Store:IdempotencyRetention"] = "00:00:00.001";
        string? dataDirectory = null;
        if (store == "embedded")
        {
            dataDirectory = Path.Combine(Path.GetTempPath(), $"waterfall-memory-{Guid.NewGuid():N}");
            settings["Waterfall:Store:Embedded:Path"] = Path.Combine(dataDirectory, "ledger.db");
        }
        else if (store != "memory")
        {
            throw new ArgumentException($"The memory benchmark runs on the memory or embedded store, not '{store}'.", nameof(store));
        }

        var app = SiloHost.Build(["--environment", "Production"], builder => builder.Configuration.AddInMemoryCollection(settings));
        await app.StartAsync();
        return new MemoryHost(app, dataDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_dataDirectory is not null && Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
    }
}
