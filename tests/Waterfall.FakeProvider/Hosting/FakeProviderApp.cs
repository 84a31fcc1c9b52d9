namespace Waterfall.FakeProvider.Hosting;

/// <summary>The one composition both the library and the program use, so they serve the same thing.</summary>
internal static class FakeProviderApp
{
    public static (WebApplication App, FakeProviderState State) Build(WebApplicationBuilder builder, FakeProviderOptions options)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AllowCleartextHttp2();
            kestrel.ConfigureEndpointDefaults(endpoint => endpoint.UseCleartextHttp2());
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        var state = new FakeProviderState(options);
        builder.Services.AddSingleton(state);
        var app = builder.Build();
        app.Lifetime.ApplicationStopping.Register(state.Stop);
        app.MapFakeProvider(state);
        return (app, state);
    }
}
