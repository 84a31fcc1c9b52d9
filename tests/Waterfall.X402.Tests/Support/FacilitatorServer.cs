using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Waterfall.ChainTestSupport;
using Waterfall.X402.Facilitator;

namespace Waterfall.X402.Tests.Support;

/// <summary>
/// Our facilitator served by Kestrel on a free loopback port, configured the way an operator would
/// (the Waterfall:X402 section: the local chain as a network, anvil #2's key as the signer), so both .NET
/// and node clients reach it over real HTTP. Every log line is kept, to check what never appears in them.
/// </summary>
public sealed class FacilitatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FacilitatorServer(WebApplication app, Uri root, CapturingLoggerProvider logs)
    {
        _app = app;
        Root = root;
        Logs = logs;
        Http = new HttpClient { BaseAddress = root, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>http://127.0.0.1:port/ — add the facilitator path.</summary>
    public Uri Root { get; }

    public HttpClient Http { get; }

    public CapturingLoggerProvider Logs { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<FacilitatorServer> StartAsync(LocalChain chain, string? facilitatorPath = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var network = X402TestStack.NetworkOptions(chain);
        var settings = new Dictionary<string, string?>
        {
            ["Waterfall:X402:SignerPrivateKey"] = AnvilAccounts.PrivateKeyHexes[2],
            ["Waterfall:X402:Clock"] = "Chain",
            ["Waterfall:X402:ReceiptTimeout"] = "00:00:30",
            ["Waterfall:X402:Networks:local:Network"] = network.Network,
            ["Waterfall:X402:Networks:local:RpcUrl"] = network.RpcUrl,
            ["Waterfall:X402:Networks:local:Asset"] = network.Asset,
            ["Waterfall:X402:Networks:local:AssetName"] = network.AssetName,
            ["Waterfall:X402:Networks:local:AssetVersion"] = network.AssetVersion,
            ["Waterfall:X402:Networks:local:V1Name"] = network.V1Name,
            ["Waterfall:X402:Networks:local:ReceiptPollInterval"] = "00:00:00.020",
        };
        if (facilitatorPath is not null)
            settings["Waterfall:X402:FacilitatorPath"] = facilitatorPath;
        builder.Configuration.AddInMemoryCollection(settings);
        var logs = new CapturingLoggerProvider();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(logs);
        builder.Services.AddX402();
        var app = builder.Build();
        app.MapX402Facilitator();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new FacilitatorServer(app, new Uri(address.TrimEnd('/') + "/"), logs);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Keeps every formatted log message (and exception text) written through it.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
