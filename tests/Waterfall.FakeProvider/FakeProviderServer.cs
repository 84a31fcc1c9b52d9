using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Waterfall.FakeProvider.Hosting;

namespace Waterfall.FakeProvider;

/// <summary>
/// A local OpenAI- and Anthropic-compatible provider on 127.0.0.1 and a free port, for tests:
/// deterministic output, scriptable per call by directives in the last user message.
/// </summary>
public sealed class FakeProviderServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FakeProviderState _state;

    private FakeProviderServer(WebApplication app, FakeProviderState state, Uri baseUrl)
    {
        _app = app;
        _state = state;
        BaseUrl = baseUrl;
    }

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:PORT/</c>; clients append <c>v1/...</c>.</summary>
    public Uri BaseUrl { get; }

    public FakeProviderOptions Options => _state.Options;

    /// <summary>Every request received, in arrival order (a snapshot).</summary>
    public IReadOnlyList<ReceivedRequest> Requests => _state.Requests;

    /// <summary>Streams being written right now.</summary>
    public int OpenStreams => _state.OpenStreams;

    public static async Task<FakeProviderServer> StartAsync(FakeProviderOptions? options = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        // A test host's output folder may hold another app's appsettings.json (its Kestrel endpoints above all): ignore it.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, endpoint => endpoint.UseCleartextHttp2()));
        var (app, state) = FakeProviderApp.Build(builder, options ?? new FakeProviderOptions());
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new FakeProviderServer(app, state, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        _state.Stop();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _state.Dispose();
    }
}
