using Waterfall.Contracts;
using Waterfall.Testing;

namespace Waterfall.Grains.Tests;

public class GrowHoldGrainTests(WaterfallClusterFixture waterfall) : IClassFixture<WaterfallClusterFixture>
{
    private const string Tenant = "acme";

    [Fact]
    public async Task A_grown_hold_is_durable_and_a_reactivated_wallet_replays_the_growth_and_captures_from_all_of_it()
    {
        var walletId = Commands.NewWalletId();
        var wallet = waterfall.Wallet(Tenant, walletId);
        await wallet.Open(Commands.Open());
        var purchased = (await wallet.Grant(Commands.GrantUsd("fund", 10_000))).Receipt!.Grant;
        var hold = (await wallet.Authorize(Commands.AuthorizeUsd("call-1", 2_000))).Receipt!;
        var promotional = (await wallet.Grant(Commands.GrantUsd("promo", 500, "promotional"))).Receipt!.Grant;

        var grown = await wallet.Grow(Commands.GrowUsd("call-1.grow-1", hold.Hold, 1_500, TimeSpan.FromMinutes(10)));
        await waterfall.Cluster.Cluster.DeactivateAsync(wallet);
        var replay = await wallet.Grow(Commands.GrowUsd("call-1.grow-1", hold.Hold, 1_500, TimeSpan.FromMinutes(10)));
        var view = (await wallet.Get()).Receipt!;

        Assert.True(grown.IsAccepted, grown.Refusal?.Message);
        Assert.Equal([new Draw(promotional, "usd", 500), new Draw(purchased, "usd", 1_000)], grown.Receipt!.Added.Draws);
        Assert.Equal(3_500, grown.Receipt.Reserved.MoneyCost);
        Assert.True(replay.Replayed);
        Assert.Equal(grown.Receipt.Sequence, replay.Receipt!.Sequence);
        Assert.Equal(grown.Receipt.Reserved.Draws, replay.Receipt.Reserved.Draws);
        Assert.Equal(grown.Receipt.Reserved.Draws, view.Holds.Single().Reserved.Draws);
        Assert.Equal(grown.Receipt.ExpiresAt, view.Holds.Single().ExpiresAt);
        Assert.Equal(3_500, view.Balances.Single().Held);

        var capture = (await wallet.Capture(Commands.CaptureUsd("call-1", hold.Hold, 3_000))).Receipt!;

        Assert.Equal([new Draw(promotional, "usd", 500), new Draw(purchased, "usd", 2_500)], capture.Captured.Draws);
        Assert.Equal([new Draw(purchased, "usd", 500)], capture.Released);
        await LedgerChecks.AssertLedgerIsSound(waterfall.Cluster.Journal, Tenant, walletId, 10_500 - 3_000);
    }

    [Fact]
    public async Task Growth_the_wallet_cannot_cover_is_refused_and_the_hold_keeps_what_it_had()
    {
        var walletId = Commands.NewWalletId();
        var wallet = waterfall.Wallet(Tenant, walletId);
        await wallet.Open(Commands.Open());
        await wallet.Grant(Commands.GrantUsd("fund", 1_000));
        var hold = (await wallet.Authorize(Commands.AuthorizeUsd("call-1", 800))).Receipt!;

        var refused = await wallet.Grow(Commands.GrowUsd("call-1.grow-1", hold.Hold, 201));
        var view = (await wallet.Get()).Receipt!;

        Assert.Equal("INSUFFICIENT_FUNDS", refused.Refusal?.Reason);
        Assert.Equal("1", refused.Refusal!.Metadata["shortfall"]);
        Assert.Equal(800, view.Balances.Single().Held);
        Assert.Equal(hold.Sequence, view.Sequence);
    }

    [Fact]
    public async Task Recall_answers_the_capture_receipt_of_a_settled_call_even_after_reactivation()
    {
        var walletId = Commands.NewWalletId();
        var wallet = waterfall.Wallet(Tenant, walletId);
        await wallet.Open(Commands.Open());
        await wallet.Grant(Commands.GrantUsd("fund", 10_000));
        var hold = (await wallet.Authorize(Commands.AuthorizeUsd("req-42", 2_000))).Receipt!;
        var grown = (await wallet.Grow(Commands.GrowUsd("req-42.1", hold.Hold, 1_000))).Receipt!;
        var capture = (await wallet.Capture(Commands.CaptureUsd("req-42", hold.Hold, 2_400))).Receipt!;

        var recalled = await wallet.Recall("capture", "req-42");
        var recalledHold = await wallet.Recall("authorize", "req-42");
        var recalledGrowth = await wallet.Recall("grow", "req-42.1");
        await waterfall.Cluster.Cluster.DeactivateAsync(wallet);
        var afterReactivation = await wallet.Recall("capture", "req-42");

        Assert.Equal("capture", recalled!.Operation);
        Assert.Equal(capture.Sequence, recalled.Capture!.Sequence);
        Assert.Equal(2_400, recalled.Capture.Captured.MoneyCost);
        Assert.Equal(capture.Released, recalled.Capture.Released);
        Assert.Null(recalled.Hold);
        Assert.Equal(hold.Sequence, recalledHold!.Hold!.Sequence);
        Assert.Equal(grown.Reserved.MoneyCost, recalledGrowth!.Grow!.Reserved.MoneyCost);
        Assert.Equal(capture.Sequence, afterReactivation!.Capture!.Sequence);
    }

    [Fact]
    public async Task Recall_of_an_unknown_key_or_operation_answers_nothing()
    {
        var walletId = Commands.NewWalletId();
        var wallet = waterfall.Wallet(Tenant, walletId);
        await wallet.Open(Commands.Open());
        await wallet.Grant(Commands.GrantUsd("fund", 10_000));
        await wallet.Debit(Commands.DebitUsd("req-1", 100));

        Assert.Null(await wallet.Recall("capture", "never-used"));
        Assert.Null(await wallet.Recall("capture", "req-1")); // used, but for a debit
        Assert.Null(await wallet.Recall("refund", "req-1"));
        Assert.Null(await wallet.Recall("debit", "not a valid key/"));
        Assert.Null(await waterfall.Wallet(Tenant, Commands.NewWalletId()).Recall("debit", "req-1"));
        Assert.Equal(100, (await wallet.Recall("debit", "req-1"))!.Debit!.Coverage.MoneyCost);
    }
}
