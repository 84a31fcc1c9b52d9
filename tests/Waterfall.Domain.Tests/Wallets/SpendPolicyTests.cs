using Waterfall.Domain.Grants;
using Waterfall.Domain.Policy;

namespace Waterfall.Domain.Tests.Wallets;

public class SpendPolicyTests
{
    [Fact]
    public void A_charge_above_the_per_request_cap_is_refused()
    {
        var kit = new WalletTestKit(WalletTestKit.Settings(policy: new SpendPolicy(PerRequestCap: 500)));
        kit.Grant(GrantKind.Purchased, 10_000);

        Assert.True(kit.Debit(500).IsAccepted);
        Assert.Equal(Reasons.SpendCapExceeded, kit.Debit(501).Refusal?.Reason);
    }

    [Fact]
    public void The_daily_budget_counts_spend_and_open_holds_and_resets_the_next_day()
    {
        var kit = new WalletTestKit(WalletTestKit.Settings(policy: new SpendPolicy(DailyBudget: 1_000)));
        kit.Grant(GrantKind.Purchased, 10_000);

        kit.Debit(600);
        kit.Authorize(300);

        Assert.Equal(Reasons.BudgetExceeded, kit.Debit(101).Refusal?.Reason);
        Assert.True(kit.Debit(100).IsAccepted);
        kit.Now = kit.Now.AddDays(1);
        kit.Tick();
        Assert.True(kit.Debit(1_000).IsAccepted);
    }

    [Fact]
    public void The_monthly_budget_is_enforced_across_days()
    {
        var kit = new WalletTestKit(WalletTestKit.Settings(policy: new SpendPolicy(MonthlyBudget: 1_000)));
        kit.Grant(GrantKind.Purchased, 10_000);

        kit.Debit(700);
        kit.Now = kit.Now.AddDays(1);

        Assert.Equal(Reasons.BudgetExceeded, kit.Debit(301).Refusal?.Reason);
    }

    [Fact]
    public void Only_allowed_models_may_be_charged()
    {
        var kit = new WalletTestKit(WalletTestKit.Settings(policy: new SpendPolicy(AllowedModels: ["gpt-4o-mini"])));
        kit.Grant(GrantKind.Purchased, 10_000);

        Assert.True(kit.Debit(100, model: "gpt-4o-mini").IsAccepted);
        Assert.Equal(Reasons.ModelNotAllowed, kit.Debit(100, model: "gpt-4o").Refusal?.Reason);
        Assert.Equal(Reasons.ModelNotAllowed, kit.Debit(100).Refusal?.Reason);
    }
}
