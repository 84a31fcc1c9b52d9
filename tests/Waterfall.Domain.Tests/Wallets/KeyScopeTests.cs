using CsCheck;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Idempotency;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Tests.Wallets;

/// <summary>Issue 17: one key, one operation (a hold's steps excepted) — a reused key is never applied as new.</summary>
public class KeyScopeTests
{
    [Fact]
    public void A_grants_key_sent_with_a_debit_is_refused_as_reused_and_burns_nothing()
    {
        var kit = new WalletTestKit();
        kit.Record(kit.Wallet.GrantCredits(new GrantCredits("shared", WalletTestKit.Terms(GrantKind.Purchased, 1_000)), kit.Now));
        var sequence = kit.Wallet.Sequence;

        var debit = kit.Debit(300, key: "shared");

        Assert.Equal(Reasons.IdempotencyKeyReused, debit.Refusal?.Reason);
        Assert.Equal("CreditsGranted", debit.Refusal!.Metadata["first_used_for"]);
        Assert.Empty(debit.Events);
        Assert.Equal(sequence, kit.Wallet.Sequence);
        Assert.Equal(1_000, kit.Wallet.TotalRemaining(CreditUnit.Usd));
    }

    [Fact]
    public void A_debits_key_sent_with_a_grant_is_refused_as_reused_and_grants_nothing()
    {
        var kit = new WalletTestKit();
        kit.Grant(GrantKind.Purchased, 1_000);
        kit.Debit(300, key: "call-1");

        var grant = kit.Wallet.GrantCredits(new GrantCredits("call-1", WalletTestKit.Terms(GrantKind.Purchased, 5_000)), kit.Now);

        Assert.Equal(Reasons.IdempotencyKeyReused, grant.Refusal?.Reason);
        Assert.Equal(700, kit.Wallet.TotalRemaining(CreditUnit.Usd));
    }

    [Fact]
    public void A_holds_key_sent_with_a_debit_is_refused_but_its_capture_may_share_it()
    {
        var kit = new WalletTestKit();
        kit.Grant(GrantKind.Purchased, 1_000);
        var hold = kit.Authorize(500, key: "req-7").Receipt!;

        var debit = kit.Debit(100, key: "req-7");
        var capture = kit.Capture(hold.Hold, WalletTestKit.UsdCharge(200), key: "req-7");

        Assert.Equal(Reasons.IdempotencyKeyReused, debit.Refusal?.Reason);
        Assert.True(capture.IsAccepted, capture.ToString());
        Assert.Equal(800, kit.Wallet.TotalRemaining(CreditUnit.Usd));
    }

    [Fact]
    public void Only_a_holds_steps_share_keys()
    {
        TransactionKind[] hold = [TransactionKind.HoldAuthorized, TransactionKind.HoldGrown, TransactionKind.HoldCaptured, TransactionKind.HoldVoided, TransactionKind.HoldExtended];
        foreach (var a in KeyScope.Commands)
            foreach (var b in KeyScope.Commands)
                Assert.Equal(a == b || (hold.Contains(a) && hold.Contains(b)), KeyScope.SharesKeys(a, b));
    }

    [Fact]
    public void A_key_first_used_for_another_operation_is_refused_whether_the_window_scans_or_indexes_its_keys() =>
        // Up to 20 other keys before and after, so the window is past its index threshold in some samples.
        Gen.Select(Gen.Int[0, 20], Gen.Int[0, 20]).Sample((before, after) =>
        {
            var kit = new WalletTestKit();
            kit.Grant(GrantKind.Purchased, 10_000);
            for (var i = 0; i < before; i++) kit.Debit(1);
            kit.Record(kit.Wallet.GrantCredits(new GrantCredits("shared", WalletTestKit.Terms(GrantKind.Purchased, 1_000)), kit.Now));
            for (var i = 0; i < after; i++) kit.Debit(1);
            var remaining = kit.Wallet.TotalRemaining(CreditUnit.Usd);

            var debit = kit.Debit(300, key: "shared");
            var hold = kit.Authorize(300, key: "shared");

            return debit.Refusal?.Reason == Reasons.IdempotencyKeyReused && hold.Refusal?.Reason == Reasons.IdempotencyKeyReused
                && kit.Wallet.TotalRemaining(CreditUnit.Usd) == remaining;
        });
}
