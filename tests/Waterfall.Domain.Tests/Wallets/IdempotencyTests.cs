using Waterfall.Domain.Grants;
using Waterfall.Domain.Money;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Tests.Wallets;

public class IdempotencyTests
{
    [Fact]
    public void A_repeated_debit_returns_the_first_receipt_and_changes_nothing()
    {
        var kit = new WalletTestKit();
        kit.Grant(GrantKind.Purchased, 1_000);
        var first = kit.Debit(300, key: "call-1");
        var sequence = kit.Wallet.Sequence;

        var again = kit.Debit(300, key: "call-1");

        Assert.True(again.IsReplay);
        Assert.Equal(first.Receipt, again.Receipt);
        Assert.Empty(again.Events);
        Assert.Equal(sequence, kit.Wallet.Sequence);
        Assert.Equal(700, kit.Wallet.TotalRemaining(CreditUnit.Usd));
    }

    [Fact]
    public void The_same_key_with_different_content_is_refused()
    {
        var kit = new WalletTestKit();
        kit.Grant(GrantKind.Purchased, 1_000);
        kit.Debit(300, key: "call-1");

        var outcome = kit.Debit(301, key: "call-1");

        Assert.Equal(Reasons.IdempotencyKeyReused, outcome.Refusal?.Reason);
        Assert.Equal(700, kit.Wallet.TotalRemaining(CreditUnit.Usd));
    }

    [Fact]
    public void One_key_can_follow_a_call_through_hold_and_capture()
    {
        var kit = new WalletTestKit();
        kit.Grant(GrantKind.Purchased, 1_000);
        var hold = kit.Authorize(500, key: "req-7").Receipt!;

        var capture = kit.Wallet.Capture(new CaptureHold("req-7", hold.Hold, WalletTestKit.UsdCharge(200)), kit.Now);

        Assert.True(capture.IsAccepted, capture.ToString());
    }

    [Fact]
    public void A_refused_request_is_not_remembered_so_it_can_be_retried_after_funding()
    {
        var kit = new WalletTestKit();
        Assert.Equal(Reasons.InsufficientFunds, kit.Debit(300, key: "call-1").Refusal?.Reason);

        kit.Grant(GrantKind.Purchased, 1_000);

        Assert.True(kit.Debit(300, key: "call-1").IsAccepted);
    }

    [Fact]
    public void Keys_are_forgotten_after_the_retention_period()
    {
        var wallet = new Wallet(new WalletKey("t", "w"), new WalletOptions(TimeSpan.FromHours(1), 1_000));
        var now = WalletTestKit.Epoch;
        wallet.Open(new OpenWallet("open", WalletSettings.Default), now);
        wallet.GrantCredits(new GrantCredits("g", WalletTestKit.Terms(GrantKind.Purchased, 1_000)), now);
        wallet.Debit(new DebitWallet("call-1", WalletTestKit.UsdCharge(100)), now);

        wallet.Tick(now.AddHours(2));
        var again = wallet.Debit(new DebitWallet("call-1", WalletTestKit.UsdCharge(100)), now.AddHours(2));

        Assert.False(again.IsReplay);
        Assert.Equal(800, wallet.TotalRemaining(CreditUnit.Usd));
    }

    [Fact]
    public void Opening_an_existing_wallet_with_a_new_key_is_refused()
    {
        var kit = new WalletTestKit();

        var outcome = kit.Wallet.Open(new OpenWallet("another", WalletSettings.Default), kit.Now);

        Assert.Equal(Reasons.WalletAlreadyExists, outcome.Refusal?.Reason);
    }

    [Fact]
    public void Every_operation_on_a_wallet_that_was_never_opened_is_not_found()
    {
        var wallet = new Wallet(new WalletKey("t", "nope"));

        var outcome = wallet.Debit(new DebitWallet("k", WalletTestKit.UsdCharge(1)), WalletTestKit.Epoch);

        Assert.Equal(Reasons.WalletNotFound, outcome.Refusal?.Reason);
    }

    [Fact]
    public void A_window_without_receipts_sends_a_retry_to_the_key_table_and_still_refuses_a_different_request()
    {
        var wallet = new Wallet(new WalletKey("t", "w"), WalletOptions.Default with { HoldsReceipts = false });
        var now = WalletTestKit.Epoch;
        wallet.Open(new OpenWallet("open", WalletSettings.Default), now);
        wallet.GrantCredits(new GrantCredits("g", WalletTestKit.Terms(GrantKind.Purchased, 1_000)), now);
        wallet.Debit(new DebitWallet("call-1", WalletTestKit.UsdCharge(100)), now);
        var sequence = wallet.Sequence;

        var retry = wallet.Debit(new DebitWallet("call-1", WalletTestKit.UsdCharge(100)), now);
        var different = wallet.Debit(new DebitWallet("call-1", WalletTestKit.UsdCharge(101)), now);

        Assert.Equal(Reasons.ReceiptNotHeld, retry.Refusal?.Reason);
        Assert.Equal(Reasons.IdempotencyKeyReused, different.Refusal?.Reason);
        Assert.True(wallet.Idempotency.TryGet(Waterfall.Domain.Ledger.TransactionKind.Debited, "call-1", out var remembered));
        Assert.Null(remembered.Receipt);
        Assert.Equal(sequence, wallet.Sequence);
        Assert.Equal(900, wallet.TotalRemaining(CreditUnit.Usd));
    }
}
