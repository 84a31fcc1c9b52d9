using Waterfall.Domain.Charges;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Money;
using Waterfall.Domain.Policy;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Tests.Wallets;

/// <summary>A capture burns a hold's draws by the same scope and model rules as a debit.</summary>
public class CaptureScopeTests
{
    private static readonly GrantScope OnlyGpt4o = new([], ["gpt-4o"], []);

    private static AmountCharge Charge(long nanos, string model) => new(Amount.Usd(nanos), new ChargeContext(null, model, null));

    [Fact]
    public void Capture_refuses_usage_of_a_model_the_grant_does_not_cover_when_the_rest_cannot_pay()
    {
        var kit = new WalletTestKit();
        kit.Grant(GrantKind.Promotional, 1_000, scope: OnlyGpt4o);
        var hold = kit.Authorize(Charge(800, "gpt-4o")).Receipt!;
        var before = kit.Wallet.Sequence;

        var outcome = kit.Capture(hold.Hold, Charge(500, "claude-sonnet-4"));

        Assert.Equal(Reasons.CaptureExceedsHold, outcome.Refusal?.Reason);
        Assert.Equal("500", outcome.Refusal!.Metadata["shortfall"]);
        Assert.Equal(before, kit.Wallet.Sequence);
        Assert.Equal(800, kit.Wallet.TotalHeld(CreditUnit.Usd));
        Assert.NotNull(kit.Wallet.FindHold(hold.Hold));
    }

    [Fact]
    public void Capture_pays_another_model_only_from_the_holds_draws_on_grants_that_cover_it()
    {
        var kit = new WalletTestKit();
        var scoped = kit.Grant(GrantKind.Promotional, 500, scope: OnlyGpt4o);
        var purchased = kit.Grant(GrantKind.Purchased, 1_000);
        var hold = kit.Authorize(Charge(900, "gpt-4o")).Receipt!; // 500 scoped + 400 purchased

        var capture = kit.Capture(hold.Hold, Charge(300, "claude-sonnet-4")).Receipt!;

        Assert.Equal([new Draw(purchased, CreditUnit.Usd, 300)], capture.Captured.Draws);
        Assert.Equal([new Draw(scoped, CreditUnit.Usd, 500), new Draw(purchased, CreditUnit.Usd, 100)], capture.Released);
        Assert.Equal(500, kit.Wallet.FindGrant(scoped)!.Available);
    }

    [Fact]
    public void Capture_of_the_holds_own_model_still_burns_its_scoped_draws_first()
    {
        var kit = new WalletTestKit();
        var scoped = kit.Grant(GrantKind.Promotional, 500, scope: OnlyGpt4o);
        kit.Grant(GrantKind.Purchased, 1_000);
        var hold = kit.Authorize(Charge(900, "gpt-4o")).Receipt!;

        var capture = kit.Capture(hold.Hold, Charge(300, "gpt-4o")).Receipt!;

        Assert.Equal([new Draw(scoped, CreditUnit.Usd, 300)], capture.Captured.Draws);
    }

    [Fact]
    public void Capture_refuses_a_model_the_wallet_policy_does_not_allow()
    {
        var kit = new WalletTestKit(WalletTestKit.Settings(policy: new SpendPolicy(AllowedModels: ["gpt-4o"])));
        kit.Grant(GrantKind.Purchased, 1_000);
        var hold = kit.Authorize(Charge(800, "gpt-4o")).Receipt!;
        var before = kit.Wallet.Sequence;

        var outcome = kit.Capture(hold.Hold, Charge(100, "claude-sonnet-4"));

        Assert.Equal(Reasons.ModelNotAllowed, outcome.Refusal?.Reason);
        Assert.Equal("claude-sonnet-4", outcome.Refusal!.Metadata["model"]);
        Assert.Equal(before, kit.Wallet.Sequence);
        Assert.NotNull(kit.Wallet.FindHold(hold.Hold));
        Assert.True(kit.Capture(hold.Hold, Charge(100, "gpt-4o")).IsAccepted);
    }
}
