using System.Net.Http.Headers;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Waterfall.Api.V1;
using Waterfall.Chain.Primitives;
using Waterfall.ChainTestSupport;
using Waterfall.Client;
using Waterfall.Contracts.Settlement;
using Waterfall.Domain.Settlement;
using Waterfall.FakeProvider;
using Waterfall.FrontDoor.Auth;
using Waterfall.Silo;
using Waterfall.TestSupport;

namespace Waterfall.TopUps.Tests;

/// <summary>
/// A real anvil with the token and batcher deployed, and a whole silo host (memory store) configured to
/// take top-ups on it: gRPC, the HTTP API, and settlement through the batcher with the facilitator's key.
/// Its LLM gateway forwards OpenAI and Anthropic calls to a local fake provider, and offers a top-up of
/// <see cref="GatewayTopUpUsd"/> when an empty wallet calls it.
/// </summary>
public sealed class TopUpSilo : IAsyncLifetime
{
    public const string ApiKey = "topup-admin-key";
    public const string TenantId = "t";
    public const string NetworkId = "eip155:31337";

    /// <summary>How long top-ups gather before a batch goes on chain.</summary>
    public static readonly TimeSpan BatchWindow = TimeSpan.FromSeconds(2);

    /// <summary>What the gateway asks an empty wallet to pay (not the default, so a test sees the setting is read).</summary>
    public const decimal GatewayTopUpUsd = 0.75m;
    public const long GatewayTopUpNanos = 750_000_000;

    private WebApplication? _app;

    public LocalChain Chain { get; } = new();

    /// <summary>The provider behind the gateway: what it received tells a test whether a call was forwarded.</summary>
    public FakeProviderServer Provider { get; private set; } = null!;

    /// <summary>The treasury top-ups are paid to: a fresh address, so its balance is exactly what top-ups paid.</summary>
    public EthAddress PayTo { get; } = Waterfall.Chain.Crypto.EthPrivateKey.Generate().Address;

    public Uri HttpAddress { get; private set; } = null!;
    public GrpcChannel Channel { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;

    /// <summary>To the same HTTP API with no key of its own: a gateway call brings the wallet key it is made with.</summary>
    public HttpClient Gateway { get; private set; } = null!;
    public IGrainFactory Grains => _app!.Services.GetRequiredService<IGrainFactory>();

    public WaterfallClient Client => new(Channel, ApiKey, new WaterfallClientOptions { MaxAttempts = 1 });

    public TopUpService.TopUpServiceClient TopUps => new(Channel);

    public static Metadata Auth { get; } = new() { { "authorization", "Bearer " + ApiKey } };

    public ISettlementGrain Settlement => Grains.GetGrain<ISettlementGrain>(SettlementGrainKey.For(NetworkId, Chain.Token.ToString(), PayTo.ToString()));

    public async Task InitializeAsync()
    {
        await Chain.InitializeAsync();
        Provider = await FakeProviderServer.StartAsync();
        var grpc = new Uri($"http://127.0.0.1:{TestPorts.Next()}");
        HttpAddress = new Uri($"http://127.0.0.1:{TestPorts.Next()}");
        var settings = SettingsFor(Chain, PayTo, grpc, HttpAddress);
        foreach (var (name, value) in GatewaySettingsFor(Provider)) settings[name] = value;
        _app = SiloHost.Build(["--environment", "Testing"], b => b.Configuration.AddInMemoryCollection(settings));
        await _app.StartAsync();
        Channel = GrpcChannel.ForAddress(grpc);
        Http = new HttpClient { BaseAddress = HttpAddress, Timeout = TimeSpan.FromSeconds(90) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        Gateway = new HttpClient { BaseAddress = HttpAddress, Timeout = TimeSpan.FromSeconds(90) };
    }

    public async Task<string> NewWalletAsync()
    {
        var walletId = $"w-{Guid.NewGuid():N}";
        using var client = Client;
        await client.CreateWalletAsync(walletId, idempotencyKey: "open");
        return walletId;
    }

    /// <summary>A wallet key's secret for the wallet, as an SDK would be given it.</summary>
    public async Task<string> WalletKeyAsync(string walletId)
    {
        using var client = Client;
        return (await client.CreateWalletKeyAsync(walletId, name: "agent")).Secret;
    }

    public async Task<List<LedgerTransaction>> LedgerAsync(string walletId)
    {
        using var client = Client;
        var all = new List<LedgerTransaction>();
        await foreach (var transaction in client.ListLedgerAsync(walletId)) all.Add(transaction);
        return all;
    }

    /// <summary>The top-up once it is settled or failed on chain (waits for that state, never a fixed time).</summary>
    public Task<TopUpResponse> FinalTopUpAsync(string walletId, string nonce) =>
        Eventually.UntilAsync(() => TopUps.GetTopUpAsync(new GetTopUpRequest { WalletId = walletId, Nonce = nonce }, Auth).ResponseAsync,
            topUp => topUp.State is TopUpState.Settled or TopUpState.Failed, TimeSpan.FromMinutes(1));

    public async Task<long> BalanceAsync(string walletId)
    {
        using var client = Client;
        return (await client.GetWalletAsync(walletId)).Balances.Where(b => b.Unit == "usd").Sum(b => b.Total);
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        Gateway?.Dispose();
        Channel?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        if (Provider is not null) await Provider.DisposeAsync();
        await Chain.DisposeAsync();
    }

    /// <summary>The gateway pointed at <paramref name="provider"/> for both protocols, with the top-up it offers an empty wallet.</summary>
    public static Dictionary<string, string?> GatewaySettingsFor(FakeProviderServer provider) =>
        new()
        {
            ["Waterfall:Gateway:Providers:openai:BaseUrl"] = provider.BaseUrl.ToString(),
            ["Waterfall:Gateway:Providers:openai:ApiKey"] = FakeProviderOptions.DefaultOpenAIKey,
            ["Waterfall:Gateway:Providers:anthropic:BaseUrl"] = provider.BaseUrl.ToString(),
            ["Waterfall:Gateway:Providers:anthropic:ApiKey"] = FakeProviderOptions.DefaultAnthropicKey,
            ["Waterfall:Gateway:TopUpAmountUsd"] = GatewayTopUpUsd.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

    /// <summary>A silo on these ports taking top-ups on <paramref name="chain"/> to <paramref name="payTo"/>, with the memory store.</summary>
    public static Dictionary<string, string?> SettingsFor(LocalChain chain, EthAddress payTo, Uri grpc, Uri http) =>
        new Dictionary<string, string?>(SiloEndpoints.Next(grpc: grpc, http: http).Settings())
        {
            ["Waterfall:Cluster:ClusterId"] = $"topups-{Guid.NewGuid():N}",
            ["Waterfall:Store:Kind"] = "memory",
            ["Waterfall:Demo:Enabled"] = "false",
            ["Waterfall:Tenants:t:ApiKeys:0:Name"] = "admin",
            ["Waterfall:Tenants:t:ApiKeys:0:Sha256"] = TenantDirectory.Hash(ApiKey),
            ["Waterfall:Tenants:t:ApiKeys:0:Scope"] = "Admin",
            ["Waterfall:X402:SignerPrivateKey"] = AnvilAccounts.PrivateKeyHexes[2],
            ["Waterfall:X402:Networks:local:Network"] = NetworkId,
            ["Waterfall:X402:Networks:local:RpcUrl"] = chain.RpcUrl.ToString(),
            ["Waterfall:X402:Networks:local:Asset"] = chain.Token.ToString(),
            ["Waterfall:X402:Networks:local:AssetName"] = chain.TokenDomain.Name,
            ["Waterfall:X402:Networks:local:AssetVersion"] = chain.TokenDomain.Version,
            ["Waterfall:X402:Networks:local:V1Name"] = "local",
            ["Waterfall:X402:Networks:local:ReceiptPollInterval"] = "00:00:00.050",
            ["Waterfall:X402:Networks:local:SettlementBatcher"] = chain.Batcher.ToString(),
            ["Waterfall:X402:Networks:local:TopUpPayTo"] = payTo.ToString(),
            ["Waterfall:Settlement:BatchWindow"] = BatchWindow.ToString(),
            ["Waterfall:Settlement:PollInterval"] = "00:00:00.100",
            ["Waterfall:TopUps:SettlementWait"] = "00:00:30",
            ["Logging:LogLevel:Default"] = "Warning",
        };

}

[CollectionDefinition("topups")]
public sealed class TopUpCollection : ICollectionFixture<TopUpSilo>;
