using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Hosting;
using Orleans.TestingHost;
using Waterfall.Client;
using Waterfall.Contracts;
using Waterfall.Events;
using Waterfall.Grains;
using Waterfall.Grains.Billing;
using Waterfall.Ledger;

namespace Waterfall.Testing;

/// <summary>
/// An in-memory Waterfall cluster: wallet grains on in-process silos, an in-memory journal, a manual
/// clock, a simulated settlement chain, and the real gRPC front door on a loopback port with an SDK
/// client connected to it, so a test drives the code that calls Waterfall exactly as in production:
/// <code>
/// await using var waterfall = await WaterfallTestCluster.StartAsync();
/// await waterfall.Sdk.CreateWalletAsync("agent-42");
/// await waterfall.Sdk.DebitAsync("agent-42", Amounts.Usd(0.01m));
/// waterfall.Clock.Advance(TimeSpan.FromDays(31));
/// </code>
/// </summary>
public sealed class WaterfallTestCluster : IAsyncDisposable
{
    /// <summary>The one tenant the front door knows; its keys are <see cref="AdminApiKey"/>, <see cref="MeterApiKey"/> and <see cref="ReadApiKey"/>.</summary>
    public const string TenantId = "test";

    /// <summary>May do everything, creating wallets and granting credits included; <see cref="Sdk"/> calls with it.</summary>
    public const string AdminApiKey = "wf_test_admin_key";

    /// <summary>May read and meter (debit, authorize, capture, void, extend, grow) but not create wallets or grant.</summary>
    public const string MeterApiKey = "wf_test_meter_key";

    /// <summary>May only read (wallets, ledger, quotes).</summary>
    public const string ReadApiKey = "wf_test_read_key";

    private readonly InProcessFrontDoor? _frontDoor;
    private readonly WaterfallClient? _sdk;

    private WaterfallTestCluster(InProcessTestCluster cluster, IWalletJournal journal, ManualClock clock, Contracts.Settlement.ISettlementChain chain, InProcessFrontDoor? frontDoor)
    {
        Cluster = cluster;
        Journal = journal;
        Clock = clock;
        SettlementChain = chain;
        _frontDoor = frontDoor;
        _sdk = frontDoor?.CreateClient(AdminApiKey, null);
    }

    /// <summary>The chain settlement grains settle on (by default an in-memory <see cref="SimulatedSettlementChain"/>).</summary>
    public Contracts.Settlement.ISettlementChain SettlementChain { get; }

    /// <summary>The Orleans test cluster, to kill, stop or add silos.</summary>
    public InProcessTestCluster Cluster { get; }

    /// <summary>The Orleans cluster client, for calling grains directly (below the front door).</summary>
    public IClusterClient Client => Cluster.Client;

    /// <summary>The .NET SDK connected to the in-process front door with <see cref="AdminApiKey"/>, as tenant <see cref="TenantId"/>.</summary>
    public WaterfallClient Sdk => _sdk ?? throw FrontDoorOff();

    /// <summary>Where the in-process front door listens (gRPC, HTTP/2 cleartext), for code that builds its own <see cref="WaterfallClient"/> from an address.</summary>
    public Uri FrontDoorAddress => _frontDoor?.Address ?? throw FrontDoorOff();

    public IWalletJournal Journal { get; }

    /// <summary>Wallet time: advance it to expire holds and grants.</summary>
    public ManualClock Clock { get; }

    public IWalletGrain Wallet(string tenantId, string walletId) => Client.Wallet(tenantId, walletId);

    /// <summary>Another SDK client on the same front door: another key's scope, or other retry options. Dispose it when done.</summary>
    public WaterfallClient CreateSdkClient(string apiKey = AdminApiKey, WaterfallClientOptions? options = null) =>
        (_frontDoor ?? throw FrontDoorOff()).CreateClient(apiKey, options);

    private const string MemoryStorage = "memory";

    public static async Task<WaterfallTestCluster> StartAsync(Action<WaterfallTestClusterOptions>? configure = null)
    {
        var options = new WaterfallTestClusterOptions();
        configure?.Invoke(options);
        var journal = options.Journal ?? new InMemoryWalletJournal();
        var clock = new ManualClock(options.StartTime);
        var chain = options.SettlementChain ?? new SimulatedSettlementChain();

        var builder = new InProcessTestClusterBuilder(options.Silos);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddWaterfallGrains(options.Wallets);
            silo.AddWaterfallBilling();
            silo.AddWaterfallEvents(options.Events);
            silo.Services.AddSingleton(journal);
            silo.Services.AddSingleton(new WalletClock(clock));
            silo.Services.AddSingleton(chain);
            if (options.GrainStorage is { } failing)
            {
                silo.AddMemoryGrainStorage(MemoryStorage);
                silo.Services.AddGrainStorage(Orleans.Providers.ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (sp, _) =>
                {
                    failing.Wrap(sp.GetRequiredKeyedService<Orleans.Storage.IGrainStorage>(MemoryStorage));
                    return failing;
                });
            }
            else silo.AddMemoryGrainStorageAsDefault();
            silo.UseInMemoryReminderService();
            if (options.Settlement is { } settlement) silo.Services.Configure(settlement);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        InProcessFrontDoor? frontDoor = null;
        try
        {
            if (options.FrontDoor) frontDoor = await InProcessFrontDoor.StartAsync(cluster.Client, options.FrontDoorSettings);
        }
        catch
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
            throw;
        }
        return new WaterfallTestCluster(cluster, journal, clock, chain, frontDoor);
    }

    public async ValueTask DisposeAsync()
    {
        _sdk?.Dispose();
        if (_frontDoor is not null) await _frontDoor.DisposeAsync();
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    private static InvalidOperationException FrontDoorOff() =>
        new("This cluster was started without its front door (WaterfallTestClusterOptions.FrontDoor = false).");
}
