using System.ClientModel;
using System.Net.Http.Headers;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using OpenAI;
using Waterfall.Api.V1;
using Waterfall.Client;
using Waterfall.FakeProvider;
using Waterfall.FrontDoor.Auth;
using Waterfall.Silo;
using Waterfall.TestSupport;

namespace Waterfall.Gateway.Tests;

/// <summary>
/// The whole service on loopback with its gateway pointed at a local fake provider (both protocols, every
/// provider), one tenant with an admin and a meter key, and helpers to fund wallets and call through the
/// providers' official SDKs with a wallet key.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public const string TenantId = "gw";
    public const string AdminKey = "gw-admin-key";
    public const string MeterKey = "gw-meter-key";

    /// <summary>Short, so the timeout tests do not wait long; the fake answers everything else at once.</summary>
    public static readonly TimeSpan UpstreamTimeout = TimeSpan.FromSeconds(3);

    private WebApplication? _app;
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"waterfall-gw-{Guid.NewGuid():N}");

    public FakeProviderServer Provider { get; private set; } = null!;
    public Uri HttpAddress { get; private set; } = null!;
    public GrpcChannel Channel { get; private set; } = null!;
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public WaterfallClient Admin => new(Channel, AdminKey, new WaterfallClientOptions { MaxAttempts = 1 });

    public async Task InitializeAsync()
    {
        Provider = await FakeProviderServer.StartAsync();
        var grpc = new Uri($"http://127.0.0.1:{TestPorts.Next()}");
        HttpAddress = new Uri($"http://127.0.0.1:{TestPorts.Next()}");
        var fake = Provider.BaseUrl.ToString();
        var settings = new Dictionary<string, string?>(SiloEndpoints.Next(grpc: grpc, http: HttpAddress).Settings())
        {
            ["Waterfall:Cluster:ClusterId"] = $"gw-{Guid.NewGuid():N}",
            ["Waterfall:Demo:Enabled"] = "false",
            ["Waterfall:Store:Kind"] = "embedded",
            ["Waterfall:Store:Embedded:Path"] = Path.Combine(_dataDirectory, "ledger.db"),
            ["Waterfall:Tenants:gw:ApiKeys:0:Name"] = "admin",
            ["Waterfall:Tenants:gw:ApiKeys:0:Sha256"] = TenantDirectory.Hash(AdminKey),
            ["Waterfall:Tenants:gw:ApiKeys:0:Scope"] = "Admin",
            ["Waterfall:Tenants:gw:ApiKeys:1:Name"] = "meter",
            ["Waterfall:Tenants:gw:ApiKeys:1:Sha256"] = TenantDirectory.Hash(MeterKey),
            ["Waterfall:Tenants:gw:ApiKeys:1:Scope"] = "Meter",
            ["Waterfall:Gateway:Providers:openai:BaseUrl"] = fake,
            ["Waterfall:Gateway:Providers:openai:ApiKey"] = FakeProviderOptions.DefaultOpenAIKey,
            ["Waterfall:Gateway:Providers:deepseek:BaseUrl"] = fake,
            ["Waterfall:Gateway:Providers:deepseek:ApiKey"] = FakeProviderOptions.DefaultOpenAIKey,
            ["Waterfall:Gateway:Providers:xai:BaseUrl"] = fake,
            ["Waterfall:Gateway:Providers:xai:ApiKey"] = FakeProviderOptions.DefaultOpenAIKey,
            ["Waterfall:Gateway:Providers:anthropic:BaseUrl"] = fake,
            ["Waterfall:Gateway:Providers:anthropic:ApiKey"] = FakeProviderOptions.DefaultAnthropicKey,
            ["Waterfall:Gateway:UpstreamTimeout"] = UpstreamTimeout.ToString(),
            ["Waterfall:Gateway:StreamIdleTimeout"] = UpstreamTimeout.ToString(),
            ["Waterfall:Gateway:DrainTimeout"] = UpstreamTimeout.ToString(),
            ["Waterfall:Gateway:StreamSliceTokens"] = "4",
            ["Waterfall:Gateway:MaxRequestBytes"] = (64 * 1024).ToString(),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        _app = SiloHost.Build(["--environment", "Testing"], b => b.Configuration.AddInMemoryCollection(settings));
        await _app.StartAsync();
        Channel = GrpcChannel.ForAddress(grpc);
    }

    /// <summary>A new PREPAID wallet holding <paramref name="usd"/> of purchased credit.</summary>
    public async Task<string> FundedWalletAsync(decimal usd, string kind = "purchased", SpendPolicy? policy = null)
    {
        var walletId = $"w-{Guid.NewGuid():N}";
        using var admin = Admin;
        await admin.CreateWalletAsync(walletId, policy: policy, idempotencyKey: "open");
        if (usd > 0) await admin.GrantCreditsAsync(walletId, Amounts.Usd(usd), kind: kind, idempotencyKey: "fund");
        return walletId;
    }

    /// <summary>A wallet key's secret for the wallet, as an SDK would be given it.</summary>
    public async Task<string> WalletKeyAsync(string walletId, IReadOnlyList<string>? allowedModels = null, string? agentId = null)
    {
        using var admin = Admin;
        var key = await admin.CreateWalletKeyAsync(walletId, name: "test", agentId: agentId, allowedModels: allowedModels);
        return key.Secret;
    }

    public OpenAIClient OpenAI(string key) =>
        new(new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = new Uri(HttpAddress, "v1"), RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(0) });

    public Anthropic.AnthropicClient Anthropic(string key) =>
        new(new Anthropic.Core.ClientOptions { BaseUrl = HttpAddress.ToString().TrimEnd('/'), ApiKey = key, MaxRetries = 0, ResponseValidation = true });

    /// <summary>A raw request to the gateway, for the wire-level checks the SDKs hide.</summary>
    public HttpRequestMessage Post(string path, string json, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(HttpAddress, path)) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return request;
    }

    public async Task<List<LedgerTransaction>> LedgerAsync(string walletId)
    {
        using var admin = Admin;
        var all = new List<LedgerTransaction>();
        await foreach (var t in admin.ListLedgerAsync(walletId)) all.Add(t);
        return all;
    }

    public async Task<Wallet> WalletAsync(string walletId)
    {
        using var admin = Admin;
        return await admin.GetWalletAsync(walletId);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        Channel?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        if (Provider is not null) await Provider.DisposeAsync();
        if (Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
    }

}

[CollectionDefinition("gateway")]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>;
