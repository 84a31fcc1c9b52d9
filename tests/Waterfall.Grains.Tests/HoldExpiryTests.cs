using Waterfall.Testing;

namespace Waterfall.Grains.Tests;

public class HoldExpiryFixture : WaterfallClusterFixture
{
    protected override void Configure(WaterfallTestClusterOptions options) =>
        options.Wallets = w => w.ExpiryScanInterval = TimeSpan.FromMilliseconds(100);
}

public class HoldExpiryTests(HoldExpiryFixture waterfall) : IClassFixture<HoldExpiryFixture>
{
    [Fact]
    public async Task A_hold_expires_on_its_own_and_its_release_reaches_the_ledger()
    {
        var walletId = Commands.NewWalletId();
        var wallet = waterfall.Wallet("acme", walletId);
        await wallet.Open(Commands.Open());
        await wallet.Grant(Commands.GrantUsd("fund", 10_000));
        await wallet.Authorize(Commands.AuthorizeUsd("h1", 4_000, TimeSpan.FromSeconds(30)));

        waterfall.Clock.Advance(TimeSpan.FromSeconds(31));

        // No call touches the wallet: the expiry timer alone must post the release.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await waterfall.Cluster.Journal.LoadAsync(new("acme", walletId))).Events.Count < 4 && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        var events = (await waterfall.Cluster.Journal.LoadAsync(new("acme", walletId))).Events;

        Assert.IsType<Domain.Wallets.HoldExpired>(events[^1]);
        var view = (await wallet.Get()).Receipt!;
        Assert.Empty(view.Holds);
        Assert.Equal(10_000, view.Balances.Single().Available);
    }
}
