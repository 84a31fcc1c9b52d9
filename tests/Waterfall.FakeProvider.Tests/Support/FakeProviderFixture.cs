using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using Anthropic.Core;
using OpenAI;

namespace Waterfall.FakeProvider.Tests.Support;

/// <summary>One fake provider per test class, and the official SDKs pointed at it with retries off.</summary>
public sealed class FakeProviderFixture : IAsyncLifetime
{
    private FakeProviderServer? _server;

    public FakeProviderServer Server => _server ?? throw new InvalidOperationException("The fake provider has not started.");

    public async Task InitializeAsync() => _server = await FakeProviderServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    /// <summary>Retries off: an SDK retrying a scripted 429 or 500 would hide what the fake answered.</summary>
    public OpenAIClient OpenAI(string key = FakeProviderOptions.DefaultOpenAIKey) =>
        new(new ApiKeyCredential(key), new OpenAIClientOptions
        {
            Endpoint = new Uri(Server.BaseUrl, "v1"),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });

    public AnthropicClient Anthropic(string key = FakeProviderOptions.DefaultAnthropicKey) =>
        new(new ClientOptions
        {
            BaseUrl = Server.BaseUrl.ToString().TrimEnd('/'),
            ApiKey = key,
            MaxRetries = 0,
            // The SDK checks every required field of what it parses: a missing one fails the test.
            ResponseValidation = true,
        });

    public HttpClient Http() => new() { BaseAddress = Server.BaseUrl };
}
