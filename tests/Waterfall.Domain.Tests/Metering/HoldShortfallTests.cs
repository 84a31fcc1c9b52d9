using Waterfall.Domain.Metering;

namespace Waterfall.Domain.Tests.Metering;

public class HoldShortfallTests
{
    [Fact]
    public void Insufficient_funds_in_usd_sheds_the_shortfall() =>
        Assert.Equal(1_234, HoldShortfall.Of(Reasons.InsufficientFunds, new Dictionary<string, string> { ["shortfall"] = "1234", ["unit"] = "usd" }));

    [Fact]
    public void A_capture_the_hold_cannot_cover_lacks_its_shortfall() =>
        Assert.Equal(7, HoldShortfall.Of(Reasons.CaptureExceedsHold, new Dictionary<string, string> { ["shortfall"] = "7", ["unit"] = "usd", ["hold_id"] = "h3" }));

    [Fact]
    public void A_shortfall_in_tokens_cannot_be_shed_by_a_smaller_money_hold() =>
        Assert.Null(HoldShortfall.Of(Reasons.InsufficientFunds, new Dictionary<string, string> { ["shortfall"] = "10", ["unit"] = "tokens" }));

    [Fact]
    public void A_per_request_cap_sheds_what_the_charge_exceeds_it_by() =>
        Assert.Equal(300, HoldShortfall.Of(Reasons.SpendCapExceeded, new Dictionary<string, string> { ["cap"] = "700", ["charge"] = "1000" }));

    [Fact]
    public void A_budget_sheds_what_spent_reserved_and_charge_exceed_it_by() =>
        Assert.Equal(50, HoldShortfall.Of(Reasons.BudgetExceeded, new Dictionary<string, string> { ["budget"] = "1000", ["spent"] = "600", ["reserved"] = "150", ["charge"] = "300" }));

    [Fact]
    public void Refusals_a_smaller_hold_cannot_cure_have_no_shortfall()
    {
        Assert.Null(HoldShortfall.Of(Reasons.ModelNotAllowed, new Dictionary<string, string> { ["model"] = "gpt-4o" }));
        Assert.Null(HoldShortfall.Of(Reasons.WalletNotFound, new Dictionary<string, string>()));
    }
}
