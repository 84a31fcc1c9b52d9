using Waterfall.Domain.Charges;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Money;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Tests.Wallets;

public class ValidationTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(Amount.MaxValue + 1)]
    public void Amounts_that_are_not_positive_or_are_oversized_are_refused_with_a_field_violation(long value)
    {
        var kit = new WalletTestKit();
        kit.Grant(GrantKind.Purchased, 1_000);
        var sequence = kit.Wallet.Sequence;

        var outcome = kit.Debit(new AmountCharge(Amount.Usd(value), default));

        Assert.Equal(Reasons.InvalidArgument, outcome.Refusal?.Reason);
        Assert.Contains(outcome.Refusal!.Violations, v => v.Field == "charge.amount.value");
        Assert.Equal(sequence, kit.Wallet.Sequence);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/no")]
    public void Malformed_idempotency_keys_are_refused(string key)
    {
        var kit = new WalletTestKit();

        var outcome = kit.Wallet.Debit(new DebitWallet(key, WalletTestKit.UsdCharge(1)), kit.Now);

        Assert.Contains(outcome.Refusal!.Violations, v => v.Field == "idempotency_key");
    }

    [Fact]
    public void A_grant_that_would_take_the_balance_past_the_limit_is_refused()
    {
        var kit = new WalletTestKit();
        for (var i = 0; i < 10; i++) kit.Grant(GrantKind.Purchased, Amount.MaxValue);

        var outcome = kit.Wallet.GrantCredits(new GrantCredits(kit.NextKey(), WalletTestKit.Terms(GrantKind.Purchased, 1)), kit.Now);

        Assert.Equal(Reasons.BalanceLimitExceeded, outcome.Refusal?.Reason);
    }

    [Fact]
    public void A_custom_grant_kind_needs_a_lowercase_code()
    {
        var kit = new WalletTestKit();

        var outcome = kit.Wallet.GrantCredits(new GrantCredits(kit.NextKey(), WalletTestKit.Terms(new GrantKind("Referral!"), 10)), kit.Now);

        Assert.Contains(outcome.Refusal!.Violations, v => v.Field == "kind");
    }

    [Fact]
    public void A_hold_ttl_out_of_range_is_refused()
    {
        var kit = new WalletTestKit();
        kit.Grant(GrantKind.Purchased, 1_000);

        var outcome = kit.Authorize(10, TimeSpan.FromDays(30));

        Assert.Contains(outcome.Refusal!.Violations, v => v.Field == "ttl");
    }
}
