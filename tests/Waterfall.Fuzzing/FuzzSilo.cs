using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Waterfall.Client;
using Waterfall.FrontDoor.Auth;
using Waterfall.Silo;
using Waterfall.TestSupport;

namespace Waterfall.Fuzzing;

/// <summary>
/// The whole silo in-process (gRPC front door, HTTP API with top-ups, gateway) on loopback, on the in-memory store,
/// with one funded victim wallet whose ledger every refused input must leave as it was.
/// </summary>
public sealed class FuzzSilo : IAsyncLifetime
{
    public const string AdminKey = "fuzz-admin-key";

    private WebApplication? _app;

    public Uri GrpcAddress { get; private set; } = null!;
    public Uri HttpAddress { get; private set; } = null!;
    public GrpcChannel Channel { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public WaterfallClient Client { get; private set; } = null!;
    public string VictimWallet { get; } = $"victim-{Guid.NewGuid():N}";
    public string WalletKey { get; private set; } = "";

    public async Task InitializeAsync()
    {
        GrpcAddress = SiloEndpoints.Loopback();
        HttpAddress = SiloEndpoints.Loopback();
        var settings = new Dictionary<string, string?>(SiloEndpoints.Next(grpc: GrpcAddress, http: HttpAddress).Settings())
        {
            ["Waterfall:Cluster:ClusterId"] = $"fuzz-{Guid.NewGuid():N}",
            ["Waterfall:Demo:Enabled"] = "false",
            ["Waterfall:Store:Kind"] = "memory",
            ["Waterfall:Tenants:fuzz:ApiKeys:0:Name"] = "admin",
            ["Waterfall:Tenants:fuzz:ApiKeys:0:Sha256"] = TenantDirectory.Hash(AdminKey),
            ["Waterfall:Tenants:fuzz:ApiKeys:0:Scope"] = "Admin",
            // An upstream that is never there: the gateway's documented 502, never a 500.
            ["Waterfall:Gateway:Providers:openai:BaseUrl"] = $"http://127.0.0.1:{TestPorts.Next()}/v1",
            ["Waterfall:Gateway:Providers:openai:ApiKey"] = "sk-fuzz",
            ["Waterfall:Gateway:Providers:anthropic:BaseUrl"] = $"http://127.0.0.1:{TestPorts.Next()}",
            ["Waterfall:Gateway:Providers:anthropic:ApiKey"] = "sk-ant-fuzz",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        _app = SiloHost.Build(["--environment", "Testing"], builder => builder.Configuration.AddInMemoryCollection(settings));
        await _app.StartAsync();
        Channel = GrpcChannel.ForAddress(GrpcAddress);
        Http = new HttpClient { BaseAddress = HttpAddress, Timeout = TimeSpan.FromSeconds(30) };
        Client = new WaterfallClient(Channel, AdminKey, new WaterfallClientOptions { MaxAttempts = 1 });
        await Client.CreateWalletAsync(VictimWallet);
        await Client.GrantCreditsAsync(VictimWallet, Amounts.Usd(1m));
        WalletKey = (await Client.CreateWalletKeyAsync(VictimWallet, name: "fuzz")).Secret;
    }

    /// <summary>The victim's ledger position: what a refused input must leave unchanged.</summary>
    public async Task<long> VictimSequenceAsync() => (await Client.GetWalletAsync(VictimWallet)).Sequence;

    /// <summary>
    /// The victim's balances (total, available, held per unit): what a refused gateway call must leave unchanged. Its ledger
    /// may still move: a call whose upstream cannot be reached placed a hold and voided it, and charged nothing.
    /// </summary>
    public async Task<string> VictimMoneyAsync() => string.Join(";", (await Client.GetWalletAsync(VictimWallet)).Balances);

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        Http?.Dispose();
        Channel?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}

[CollectionDefinition("fuzz")]
public sealed class FuzzCollection : ICollectionFixture<FuzzSilo>;
