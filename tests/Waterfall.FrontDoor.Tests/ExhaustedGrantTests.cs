using Waterfall.Client;

namespace Waterfall.FrontDoor.Tests;

/// <summary>A grant burned to zero stays on the wallet with remaining 0, so a client can show it; the money does not change.</summary>
public class ExhaustedGrantTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    [Fact]
    public async Task A_used_up_grant_is_listed_with_remaining_0_and_the_next_debit_burns_the_next_grant()
    {
        using var client = silo.Client();
        var walletId = $"w-{Guid.NewGuid():N}";
        await client.CreateWalletAsync(walletId);
        var promo = await client.GrantCreditsAsync(walletId, new Api.V1.Amount { Value = 1_000, Unit = "usd" }, kind: "promotional");
        var purchased = await client.GrantCreditsAsync(walletId, new Api.V1.Amount { Value = 10_000, Unit = "usd" });

        await client.DebitAsync(walletId, new Api.V1.Amount { Value = 1_000, Unit = "usd" });
        var afterFirst = await client.GetWalletAsync(walletId);
        var second = await client.DebitAsync(walletId, new Api.V1.Amount { Value = 400, Unit = "usd" });
        var afterSecond = await client.GetWalletAsync(walletId);

        var spent = Assert.Single(afterFirst.Grants, g => g.GrantId == promo.GrantId);
        Assert.Equal((0L, 0L, 1_000L), (spent.Remaining, spent.Held, spent.Amount.Value));
        Assert.Equal(10_000, afterFirst.Balances.Single().Total);
        Assert.Equal(purchased.GrantId, Assert.Single(second.Coverage.Draws).GrantId);
        Assert.Equal(9_600, afterSecond.Balances.Single().Available);
        Assert.Equal(0, afterSecond.Grants.Single(g => g.GrantId == promo.GrantId).Remaining);
    }
}
