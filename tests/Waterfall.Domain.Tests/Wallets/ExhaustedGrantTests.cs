using Waterfall.Domain.Grants;
using Waterfall.Domain.Money;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Tests.Wallets;

/// <summary>Used-up grants stay visible (remaining 0), bounded in number, through a snapshot, and never touch the money.</summary>
public class ExhaustedGrantTests
{
    [Fact]
    public void A_grant_burned_to_zero_moves_to_the_exhausted_list_and_the_balance_is_unchanged()
    {
        var kit = new WalletTestKit();
        var promo = kit.Grant(GrantKind.Promotional, 100);
        kit.Grant(GrantKind.Purchased, 1_000);

        kit.Debit(100);

        Assert.DoesNotContain(kit.Wallet.Grants, g => g.Id == promo);
        var spent = Assert.Single(kit.Wallet.ExhaustedGrants);
        Assert.Equal((promo, 0L, 0L), (spent.Id, spent.Remaining, spent.Held));
        Assert.Equal(1_000, kit.Wallet.Available(CreditUnit.Usd, kit.Now));
    }

    [Fact]
    public void At_most_the_most_recent_exhausted_grants_are_kept_and_they_survive_a_snapshot()
    {
        var kit = new WalletTestKit();
        var grants = Enumerable.Range(0, Wallet.ExhaustedGrantsShown + 5).Select(_ => kit.Grant(GrantKind.Promotional, 10)).ToList();
        foreach (var _ in grants) kit.Debit(10);

        var restored = Wallet.Restore(kit.Wallet.Key, kit.Wallet.ToSnapshot());

        Assert.Equal(grants.TakeLast(Wallet.ExhaustedGrantsShown).ToHashSet(), kit.Wallet.ExhaustedGrants.Select(g => g.Id).ToHashSet());
        Assert.Equal(kit.Wallet.ExhaustedGrants.Select(g => g.Id), restored.ExhaustedGrants.Select(g => g.Id));
        Assert.Empty(restored.Grants);
    }
}
