using Waterfall.Domain.Grants;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Tests.Wallets;

public class EndUserValidationTests
{
    public static TheoryData<string> BadEndUsers => new()
    {
        "",
        new string('u', CommandValidation.MaxEndUserLength + 1),
        "line\nbreak",
        "tab\there",
        "nul\0byte",
        "delete\u007f",
        "c1\u0085control",
    };

    public static TheoryData<string> GoodEndUsers => new()
    {
        "end-user-42",
        "alice@example.com",
        "user with spaces / slashes & ünïcödé 🙂",
        new string('u', CommandValidation.MaxEndUserLength),
    };

    [Theory]
    [MemberData(nameof(BadEndUsers))]
    public void A_debit_with_an_end_user_that_is_empty_too_long_or_has_control_characters_is_refused_and_changes_nothing(string endUser)
    {
        var kit = new WalletTestKit();
        kit.Grant(GrantKind.Purchased, 1_000);
        var sequence = kit.Wallet.Sequence;

        var outcome = kit.Wallet.Debit(new DebitWallet(kit.NextKey(), WalletTestKit.UsdCharge(10), new Attribution(EndUser: endUser)), kit.Now);

        Assert.Equal(Reasons.InvalidArgument, outcome.Refusal?.Reason);
        Assert.Contains(outcome.Refusal!.Violations, v => v.Field == "attribution.end_user");
        Assert.Equal(sequence, kit.Wallet.Sequence);
    }

    [Theory]
    [MemberData(nameof(BadEndUsers))]
    public void Authorize_capture_and_grant_refuse_the_same_end_users(string endUser)
    {
        var kit = new WalletTestKit();
        kit.Grant(GrantKind.Purchased, 1_000);
        var hold = kit.Authorize(100).Receipt!.Hold;
        var sequence = kit.Wallet.Sequence;
        var bad = new Attribution(EndUser: endUser);

        var refusals = new[]
        {
            kit.Wallet.Authorize(new AuthorizeHold(kit.NextKey(), WalletTestKit.UsdCharge(10), TimeSpan.FromMinutes(1), bad), kit.Now).Refusal,
            kit.Wallet.Capture(new CaptureHold(kit.NextKey(), hold, WalletTestKit.UsdCharge(10), bad), kit.Now).Refusal,
            kit.Wallet.GrantCredits(new GrantCredits(kit.NextKey(), WalletTestKit.Terms(GrantKind.Bonus, 10), bad), kit.Now).Refusal,
        };

        Assert.All(refusals, r => Assert.Contains(r!.Violations, v => v.Field == "attribution.end_user"));
        Assert.Equal(sequence, kit.Wallet.Sequence);
    }

    [Theory]
    [MemberData(nameof(GoodEndUsers))]
    public void Any_printable_text_up_to_the_limit_is_an_end_user_and_reaches_the_ledger_transaction(string endUser)
    {
        var kit = new WalletTestKit();
        kit.Grant(GrantKind.Purchased, 1_000);

        var outcome = kit.Record(kit.Wallet.Debit(new DebitWallet(kit.NextKey(), WalletTestKit.UsdCharge(10, "gpt-4o"), new Attribution(AgentId: "a1", EndUser: endUser)), kit.Now));

        Assert.True(outcome.IsAccepted, outcome.ToString());
        var transaction = kit.Ledger.Last();
        Assert.Equal(endUser, transaction.Attribution.EndUser);
        Assert.Equal("gpt-4o", transaction.Attribution.Model);
    }

    [Fact]
    public void A_capture_without_its_own_attribution_keeps_the_end_user_of_its_hold()
    {
        var kit = new WalletTestKit();
        kit.Grant(GrantKind.Purchased, 1_000);
        var hold = kit.Record(kit.Wallet.Authorize(new AuthorizeHold(kit.NextKey(), WalletTestKit.UsdCharge(100), TimeSpan.FromMinutes(1), new Attribution(EndUser: "end-user-42")), kit.Now)).Receipt!.Hold;

        var capture = kit.Capture(hold, WalletTestKit.UsdCharge(60));

        Assert.True(capture.IsAccepted, capture.ToString());
        Assert.Equal("end-user-42", kit.Ledger.Last().Attribution.EndUser);
    }
}
