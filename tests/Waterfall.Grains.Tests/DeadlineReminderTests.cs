using Microsoft.Extensions.DependencyInjection;
using Waterfall.Contracts;
using Waterfall.Testing;
using Waterfall.TestSupport;
using D = Waterfall.Domain.Wallets;

namespace Waterfall.Grains.Tests;

public class DeadlineReminderFixture : WaterfallClusterFixture;

/// <summary>
/// Wallets nobody calls still post their expiries: the deadline reminder wakes a deactivated wallet.
/// The reminder runs on real time and the wallet decides on the manual clock: each wallet's deadline
/// is a few seconds of wallet time ahead when it is set, then the clock jumps days past it.
/// </summary>
public class DeadlineReminderTests(DeadlineReminderFixture waterfall) : IClassFixture<DeadlineReminderFixture>
{
    private static readonly DateTimeOffset EndOfJanuary = new(2027, 1, 31, 23, 59, 0, TimeSpan.Zero);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_grant_expiring_on_Jan_31_23_59_on_a_wallet_nobody_touches_until_Feb_3_posts_its_breakage_dated_Jan_31_23_59()
    {
        waterfall.Clock.Set(EndOfJanuary.AddSeconds(-2));
        var walletId = Commands.NewWalletId();
        var wallet = waterfall.Wallet("acme", walletId);
        await wallet.Open(Commands.Open());
        var grant = (await wallet.Grant(Expiring("promo", 7_000, EndOfJanuary))).Receipt!;
        await waterfall.Cluster.Cluster.DeactivateAsync(wallet);

        waterfall.Clock.Set(new DateTimeOffset(2027, 2, 3, 9, 0, 0, TimeSpan.Zero));

        // No call reaches the wallet from here on: only its reminder can post the breakage.
        var expired = await Eventually.UntilAsync(() => Posted<D.GrantExpired>(walletId), e => e is not null, Patience);
        Assert.Equal(grant.Grant, expired!.Grant.Value);
        Assert.Equal(7_000, expired.Amount.Value);
        Assert.Equal(EndOfJanuary, expired.At);
        Assert.Equal(1, expired.At.Month);
    }

    [Fact]
    public async Task A_hold_past_its_ttl_on_an_idle_wallet_is_released_dated_at_its_ttl()
    {
        var walletId = Commands.NewWalletId();
        var wallet = waterfall.Wallet("acme", walletId);
        await wallet.Open(Commands.Open());
        await wallet.Grant(Commands.GrantUsd("fund", 10_000));
        var hold = (await wallet.Authorize(Commands.AuthorizeUsd("h1", 4_000, TimeSpan.FromSeconds(2)))).Receipt!;
        await waterfall.Cluster.Cluster.DeactivateAsync(wallet);

        waterfall.Clock.Advance(TimeSpan.FromDays(2));

        var expired = await Eventually.UntilAsync(() => Posted<D.HoldExpired>(walletId), e => e is not null, Patience);
        Assert.Equal(hold.Hold, expired!.Hold.Value);
        Assert.Equal(hold.ExpiresAt, expired.At);
        var view = (await wallet.Get()).Receipt!;
        Assert.Empty(view.Holds);
        Assert.Equal(10_000, view.Balances.Single().Available);
    }

    [Fact]
    public async Task A_wallet_with_nothing_left_to_expire_drops_its_reminder()
    {
        var walletId = Commands.NewWalletId();
        var wallet = waterfall.Wallet("acme", walletId);
        await wallet.Open(Commands.Open());
        await wallet.Grant(Expiring("promo", 1_000, waterfall.Clock.GetUtcNow().AddSeconds(2)));
        var table = waterfall.Cluster.Cluster.Silos[0].ServiceProvider.GetRequiredService<IReminderTable>();
        var grainId = wallet.GetGrainId();
        Assert.NotNull(await table.ReadRow(grainId, WalletGrain.DeadlineReminder));

        waterfall.Clock.Advance(TimeSpan.FromMinutes(1));

        await Eventually.UntilAsync(() => Posted<D.GrantExpired>(walletId), e => e is not null, Patience);
        await Eventually.UntilAsync(async () => (await table.ReadRows(grainId)).Reminders.Count, count => count == 0, Patience);
    }

    private async Task<T?> Posted<T>(string walletId) where T : D.WalletEvent =>
        (await waterfall.Cluster.Journal.LoadAsync(new D.WalletKey("acme", walletId))).Events.OfType<T>().LastOrDefault();

    private static GrantCredits Expiring(string key, long nanos, DateTimeOffset expiresAt) =>
        new(key, new GrantTerms("promotional", new Amount(nanos, "usd"), 10, null, expiresAt, new GrantScope([], [], []), 0, null, 0m), null);
}
