using Waterfall.Domain.Grants;
using Waterfall.Domain.Money;

namespace Waterfall.Domain.Tests.Wallets;

public class WaterfallTests
{
    [Fact]
    public void Debit_burns_promotional_before_bonus_before_purchased()
    {
        var kit = new WalletTestKit();
        var purchased = kit.Grant(GrantKind.Purchased, 1_000);
        var bonus = kit.Grant(GrantKind.Bonus, 1_000);
        var promotional = kit.Grant(GrantKind.Promotional, 1_000);

        var receipt = kit.Debit(2_500).Receipt!;

        Assert.Equal(
            [new Draw(promotional, CreditUnit.Usd, 1_000), new Draw(bonus, CreditUnit.Usd, 1_000), new Draw(purchased, CreditUnit.Usd, 500)],
            receipt.Coverage.Draws);
        Assert.Equal(500, kit.Wallet.TotalRemaining(CreditUnit.Usd));
    }

    [Fact]
    public void Among_equal_priorities_the_soonest_expiry_burns_first_and_never_expiring_last()
    {
        var kit = new WalletTestKit();
        var never = kit.Grant(GrantKind.Promotional, 100);
        var late = kit.Grant(GrantKind.Promotional, 100, expiresAt: kit.Now.AddDays(30));
        var soon = kit.Grant(GrantKind.Promotional, 100, expiresAt: kit.Now.AddDays(1));

        var draws = kit.Debit(250).Receipt!.Coverage.Draws;

        Assert.Equal([soon, late, never], draws.Select(d => d.Grant));
    }

    [Fact]
    public void Among_equal_priority_and_expiry_the_oldest_burns_first()
    {
        var kit = new WalletTestKit();
        var first = kit.Grant(GrantKind.Bonus, 100);
        var second = kit.Grant(GrantKind.Bonus, 100);

        var draws = kit.Debit(150).Receipt!.Coverage.Draws;

        Assert.Equal([new Draw(first, CreditUnit.Usd, 100), new Draw(second, CreditUnit.Usd, 50)], draws);
    }

    [Fact]
    public void Expired_grants_never_burn()
    {
        var kit = new WalletTestKit();
        kit.Grant(GrantKind.Promotional, 1_000, expiresAt: kit.Now.AddMinutes(1));
        var purchased = kit.Grant(GrantKind.Purchased, 1_000);
        kit.Now = kit.Now.AddMinutes(2);

        var receipt = kit.Debit(300).Receipt!;

        Assert.Equal([new Draw(purchased, CreditUnit.Usd, 300)], receipt.Coverage.Draws);
    }

    [Fact]
    public void Token_grants_cover_tokens_before_the_rest_is_charged_in_money()
    {
        var kit = new WalletTestKit();
        var tokens = kit.Grant(GrantKind.Promotional, 1_000, CreditUnit.Tokens);
        var cash = kit.Grant(GrantKind.Purchased, 1_000_000_000);

        // 800 input at 2.5e-6 and 500 output at 1e-5; the 1,000 free tokens cover the 800 input and 200 output.
        // Left: 300 output tokens x 0.00001 = 0.003 USD = 3,000,000 nano-dollars.
        var receipt = kit.Debit(WalletTestKit.Usage("gpt-4o", 800, 0.0000025m, 500, 0.00001m)).Receipt!;

        Assert.Equal(1_000, receipt.Coverage.TokensCovered);
        Assert.Equal(3_000_000, receipt.Coverage.MoneyCost);
        Assert.Equal(0.003m, receipt.Coverage.ExactCost);
        Assert.Equal([new Draw(tokens, CreditUnit.Tokens, 1_000), new Draw(cash, CreditUnit.Usd, 3_000_000)], receipt.Coverage.Draws);
    }

    [Fact]
    public void A_scoped_grant_burns_only_for_its_models()
    {
        var kit = new WalletTestKit();
        var miniOnly = kit.Grant(GrantKind.Promotional, 1_000, scope: new GrantScope([], ["gpt-4o-mini"], []));
        var cash = kit.Grant(GrantKind.Purchased, 1_000);

        var forOther = kit.Debit(100, model: "gpt-4o").Receipt!;
        var forMini = kit.Debit(100, model: "gpt-4o-mini").Receipt!;

        Assert.Equal(cash, forOther.Coverage.Draws.Single().Grant);
        Assert.Equal(miniOnly, forMini.Coverage.Draws.Single().Grant);
    }

    [Fact]
    public void A_grant_not_yet_effective_does_not_burn()
    {
        var kit = new WalletTestKit();
        var terms = WalletTestKit.Terms(GrantKind.Promotional, 1_000) with { EffectiveAt = kit.Now.AddHours(1) };
        kit.Record(kit.Wallet.GrantCredits(new Domain.Wallets.GrantCredits(kit.NextKey(), terms), kit.Now));

        var outcome = kit.Debit(10);

        Assert.Equal(Reasons.InsufficientFunds, outcome.Refusal?.Reason);
    }
}
