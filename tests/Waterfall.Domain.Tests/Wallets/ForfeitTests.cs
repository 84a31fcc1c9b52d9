using Waterfall.Domain.Grants;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Tests.Wallets;

public class ForfeitTests
{
    private static GrantTerms PlanTerms(long tokens) =>
        WalletTestKit.Terms(GrantKind.Bonus, tokens, CreditUnit.Tokens) with { Source = new GrantSource(GrantSourceKind.Plan, "plan@v1") };

    [Fact]
    public void Forfeiting_gives_up_the_plan_credits_to_breakage_and_keeps_every_other_grant()
    {
        var kit = new WalletTestKit();
        var plan = kit.Record(kit.Wallet.GrantCredits(new GrantCredits(kit.NextKey(), PlanTerms(10_000)), kit.Now)).Receipt!.Grant;
        var bought = kit.Grant(GrantKind.Purchased, 5_000, CreditUnit.Tokens);

        var boundary = kit.Now.AddDays(1);
        kit.Now = boundary.AddMinutes(3);
        var forfeited = kit.Record(kit.Wallet.ForfeitPlanCredits(new ForfeitPlanCredits("forfeit", boundary), kit.Now));

        Assert.True(forfeited.IsAccepted);
        Assert.Equal([(plan, 10_000L)], forfeited.Receipt!.Forfeited.Select(f => (f.Grant, f.Amount.Value)));
        Assert.Equal([bought], kit.Wallet.Grants.Select(g => g.Id));
        var posted = Assert.Single(kit.Journal.OfType<PlanCreditsForfeited>());
        Assert.Equal(boundary, posted.Boundary);
        Assert.Contains(posted.Postings("w1"), p => p.Account == LedgerAccount.Breakage && p.Amount == -10_000); // credited: a posting to the credit side is negative
    }

    [Fact]
    public void Forfeiting_again_under_the_same_key_gives_up_nothing_more()
    {
        var kit = new WalletTestKit();
        kit.Record(kit.Wallet.GrantCredits(new GrantCredits(kit.NextKey(), PlanTerms(10_000)), kit.Now));
        var first = kit.Record(kit.Wallet.ForfeitPlanCredits(new ForfeitPlanCredits("forfeit", kit.Now), kit.Now));
        var again = kit.Record(kit.Wallet.ForfeitPlanCredits(new ForfeitPlanCredits("forfeit", kit.Now), kit.Now));

        Assert.True(again.IsReplay);
        Assert.Equal(first.Receipt!.Sequence, again.Receipt!.Sequence);
        Assert.Single(kit.Journal.OfType<PlanCreditsForfeited>());
    }
}
