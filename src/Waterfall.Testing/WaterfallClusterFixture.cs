using Waterfall.Client;
using Waterfall.Contracts;
using Xunit;

namespace Waterfall.Testing;

/// <summary>
/// The one line for an xunit test class: <c>public class MyTests(WaterfallClusterFixture waterfall) : IClassFixture&lt;WaterfallClusterFixture&gt;</c>.
/// One in-memory cluster per test class, started before the first test and stopped after the last, with the
/// front door and a connected SDK client (<see cref="Sdk"/>) unless <see cref="Configure"/> turns it off.
/// </summary>
public class WaterfallClusterFixture : IAsyncLifetime
{
    private WaterfallTestCluster? _cluster;

    public WaterfallTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started yet.");

    public IClusterClient Client => Cluster.Client;

    public ManualClock Clock => Cluster.Clock;

    /// <summary>The .NET SDK connected to the in-process front door (admin key of tenant <see cref="WaterfallTestCluster.TenantId"/>).</summary>
    public WaterfallClient Sdk => Cluster.Sdk;

    /// <summary>Where the in-process front door listens, for code that builds its own client from an address.</summary>
    public Uri FrontDoorAddress => Cluster.FrontDoorAddress;

    /// <summary>Another SDK client on the same front door (another key's scope, other retry options); dispose it when done.</summary>
    public WaterfallClient CreateSdkClient(string apiKey = WaterfallTestCluster.AdminApiKey, WaterfallClientOptions? options = null) =>
        Cluster.CreateSdkClient(apiKey, options);

    public IWalletGrain Wallet(string tenantId, string walletId) => Cluster.Wallet(tenantId, walletId);

    /// <summary>Override to change how the cluster is built.</summary>
    protected virtual void Configure(WaterfallTestClusterOptions options) { }

    public async Task InitializeAsync() => _cluster = await WaterfallTestCluster.StartAsync(Configure);

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }
}
