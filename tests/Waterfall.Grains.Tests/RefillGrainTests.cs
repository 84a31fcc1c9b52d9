using Waterfall.Contracts;
using Waterfall.Domain.Refills;

namespace Waterfall.Grains.Tests;

/// <summary>A wallet's refill rule through the grain: kept across deactivation, snapshot and replay (SmallWindowFixture snapshots every 3 events).</summary>
public class RefillGrainTests(SmallWindowFixture waterfall) : IClassFixture<SmallWindowFixture>
{
    [Fact]
    public async Task A_restarted_wallet_keeps_its_rule_and_its_months_cap_usage()
    {
        var walletId = Commands.NewWalletId();
        var wallet = waterfall.Wallet("acme", walletId);
        var refills = waterfall.Client.WalletRefills("acme", walletId);
        await wallet.Open(Commands.Open());
        await waterfall.Client.StartSubscription("acme", walletId);
        var set = await refills.SetRefillRule("rule", new RefillRule(100, RefillMode.Fixed, 400, 600));
        var first = await wallet.Debit(Commands.DebitUsd("d1", 300));  // refill 400, then 300 of it
        var second = await wallet.Debit(Commands.DebitUsd("d2", 250)); // 100 left: refill 200 (what the cap allows)
        var before = (await wallet.Get()).Receipt!;

        await waterfall.Cluster.Cluster.DeactivateAsync(wallet);
        var after = (await wallet.Get()).Receipt!;
        var capped = await wallet.Debit(Commands.DebitUsd("d3", 100));
        var replayedRule = await refills.SetRefillRule("rule", new RefillRule(100, RefillMode.Fixed, 400, 600));

        Assert.True(set.IsAccepted && first.IsAccepted && second.IsAccepted, $"{set.Refusal} {first.Refusal} {second.Refusal}");
        Assert.Equal(before.Refill, after.Refill);
        Assert.Equal(600, after.Refill!.RefilledThisMonth);
        Assert.Equal(2, after.Refill.Refills);
        Assert.Equal(new RefillRule(100, RefillMode.Fixed, 400, 600), after.Refill.Rule);
        Assert.Equal(50, after.Balances.Single().Available);
        Assert.Equal("INSUFFICIENT_FUNDS", capped.Refusal?.Reason);
        Assert.True(replayedRule.Replayed);
    }

    [Fact]
    public async Task A_disabled_rule_says_why_on_the_wallet_and_refills_nothing()
    {
        var walletId = Commands.NewWalletId();
        var wallet = waterfall.Wallet("acme", walletId);
        var refills = waterfall.Client.WalletRefills("acme", walletId);
        await wallet.Open(Commands.Open());
        await waterfall.Client.StartSubscription("acme", walletId);
        await refills.SetRefillRule("rule", new RefillRule(100, RefillMode.Target, 1_000, 10_000));

        var disabled = await refills.DisableRefillRule("failed-1", "invoice INV-12 unpaid");
        var debit = await wallet.Debit(Commands.DebitUsd("d1", 300));
        var view = (await wallet.Get()).Receipt!;

        Assert.False(disabled.Receipt!.State.Enabled);
        Assert.Equal("INSUFFICIENT_FUNDS", debit.Refusal?.Reason);
        Assert.False(view.Refill!.Enabled);
        Assert.Equal("invoice INV-12 unpaid", view.Refill.DisabledReason);
    }
}
