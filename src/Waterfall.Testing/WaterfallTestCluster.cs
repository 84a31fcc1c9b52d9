using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Waterfall.Contracts;
using Waterfall.Grains;
using Waterfall.Ledger;

namespace Waterfall.Testing;

/// <summary>
/// An in-memory Waterfall cluster: wallet grains on in-process silos, an in-memory journal and a
/// manual clock. <c>await using var cluster = await WaterfallTestCluster.StartAsync();</c>
/// </summary>
public sealed class WaterfallTestCluster : IAsyncDisposable
{
    private WaterfallTestCluster(InProcessTestCluster cluster, IWalletJournal journal, ManualClock clock, Contracts.Settlement.ISettlementChain chain)
    {
        Cluster = cluster;
        Journal = journal;
        Clock = clock;
        SettlementChain = chain;
    }

    /// <summary>The chain settlement grains settle on (by default an in-memory <see cref="SimulatedSettlementChain"/>).</summary>
    public Contracts.Settlement.ISettlementChain SettlementChain { get; }

    /// <summary>The Orleans test cluster, to kill, stop or add silos.</summary>
    public InProcessTestCluster Cluster { get; }

    public IClusterClient Client => Cluster.Client;

    public IWalletJournal Journal { get; }

    /// <summary>Wallet time: advance it to expire holds and grants.</summary>
    public ManualClock Clock { get; }

    public IWalletGrain Wallet(string tenantId, string walletId) => Client.Wallet(tenantId, walletId);

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
            silo.Services.AddSingleton(journal);
            silo.Services.AddSingleton(new WalletClock(clock));
            silo.Services.AddSingleton(chain);
            silo.AddMemoryGrainStorageAsDefault();
            if (options.Settlement is { } settlement) silo.Services.Configure(settlement);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new WaterfallTestCluster(cluster, journal, clock, chain);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}
