using Waterfall.Contracts;
using Xunit;

namespace Waterfall.Testing;

/// <summary>
/// The one line for an xunit test class: <c>public class MyTests(WaterfallClusterFixture waterfall) : IClassFixture&lt;WaterfallClusterFixture&gt;</c>.
/// One in-memory cluster per test class, started before the first test and stopped after the last.
/// </summary>
public class WaterfallClusterFixture : IAsyncLifetime
{
    private WaterfallTestCluster? _cluster;

    public WaterfallTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started yet.");

    public IClusterClient Client => Cluster.Client;

    public ManualClock Clock => Cluster.Clock;

    public IWalletGrain Wallet(string tenantId, string walletId) => Cluster.Wallet(tenantId, walletId);

    /// <summary>Override to change how the cluster is built.</summary>
    protected virtual void Configure(WaterfallTestClusterOptions options) { }

    public async Task InitializeAsync() => _cluster = await WaterfallTestCluster.StartAsync(Configure);

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }
}
