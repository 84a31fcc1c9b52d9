using Waterfall.Contracts.Billing;
using Waterfall.Domain.Billing;
using Waterfall.Domain.Events;
using Waterfall.Ledger;
using Waterfall.Domain.Plans;
using Waterfall.Domain.Subscriptions;
using D = Waterfall.Domain.Wallets;

namespace Waterfall.Cycles.Tests;

/// <summary>What a boundary does to the customer's subscription: its period moves, a pending plan change lands, a cancel at period end ends it.</summary>
public class SubscriptionPeriodTests(CycleFixture waterfall) : IClassFixture<CycleFixture>
{
    private static readonly DateTimeOffset January = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset February = January.AddMonths(1);
    private static readonly DateTimeOffset March = January.AddMonths(2);

    /// <summary>The plan with a welcome grant that never expires, so what a cancel does to unused credit shows.</summary>
    private static PlanTerms WithWelcome(UnusedCredits onCancel) => CyclePlans.HybridTiered() with
    {
        Grants = [.. CyclePlans.HybridTiered().Grants, new PlanGrant("welcome", GrantTiming.OnSubscribe, "bonus", "tokens", 10_000, null, PlanScope.Any, GrantExpiry.Never, RolloverRule.None)],
        OnCancel = onCancel,
    };

    [Fact]
    public async Task Each_boundary_moves_the_subscription_into_its_next_period_and_a_cancel_at_period_end_ends_it_there()
    {
        waterfall.Clock.Set(January);
        var sub = await Subscriber.SubscribeAsync(waterfall.Client, WithWelcome(UnusedCredits.Keep));
        waterfall.Clock.Set(February.AddHours(1));
        await sub.Cycle.CatchUp();

        var february = await Subscription(sub);
        Assert.Equal((2, February, March), (february.Period, february.PeriodStart, february.PeriodEnd));
        var canceled = (await sub.Customer.Cancel(new CancelSubscription(sub.SubscriptionId, AtPeriodEnd: true))).Receipt!;
        Assert.Equal((SubscriptionStatus.CancelsAtPeriodEnd, March), (canceled.Status, canceled.EndsAt));

        waterfall.Clock.Set(March.AddHours(1));
        var cycle = await sub.Cycle.CatchUp();
        var ended = await Subscription(sub);
        Assert.Equal((SubscriptionStatus.Canceled, March, 2), (ended.Status, ended.EndsAt, ended.Period));
        Assert.True(cycle.Ended);
        Assert.Empty(cycle.Boundaries[1].GrantsMade);
        Assert.Empty(cycle.Boundaries[1].Rollovers);
        // Kept: the welcome credit stays; the month's grant and what rolled into February expired at the boundary.
        Assert.Equal(10_000, Tokens(await sub.Wallet.Get()));
        waterfall.Clock.Set(March.AddMonths(1).AddHours(1));
        Assert.Equal(2, (await sub.Cycle.CatchUp()).Boundaries.Length);
    }

    [Fact]
    public async Task A_cancel_under_a_forfeit_plan_turns_the_unused_plan_credits_into_breakage_dated_at_the_boundary()
    {
        waterfall.Clock.Set(January);
        var sub = await Subscriber.SubscribeAsync(waterfall.Client, WithWelcome(UnusedCredits.Forfeit));
        waterfall.Clock.Set(January.AddDays(3));
        Assert.True((await sub.Customer.Cancel(new CancelSubscription(sub.SubscriptionId, AtPeriodEnd: true))).IsAccepted);
        Assert.True((await sub.Call(4_000)).IsAccepted); // burns the month's grant first (it expires sooner)

        waterfall.Clock.Set(February.AddHours(2));
        await sub.Cycle.CatchUp();
        await sub.Cycle.CatchUp();

        Assert.Equal(0, Tokens(await sub.Wallet.Get()));
        var events = (await waterfall.Cluster.Journal.LoadAsync(new D.WalletKey(sub.Tenant, sub.WalletId))).Events;
        var forfeit = Assert.Single(events.OfType<D.PlanCreditsForfeited>());
        Assert.Equal(February, forfeit.Boundary);
        Assert.Equal([10_000L], forfeit.Forfeited.Select(f => f.Amount.Value));
        // The month's own 96,000 left expired at the boundary, as any month's do; none rolled over.
        Assert.Equal([96_000L], events.OfType<D.GrantExpired>().Select(e => e.Amount.Value));
        Assert.Empty(events.OfType<D.GrantRolledOver>());
    }

    [Fact]
    public async Task A_cancel_now_under_a_forfeit_plan_forfeits_the_unused_plan_credits_at_once_and_once()
    {
        waterfall.Clock.Set(January);
        var sub = await Subscriber.SubscribeAsync(waterfall.Client, WithWelcome(UnusedCredits.Forfeit));
        var canceledAt = January.AddDays(3);
        waterfall.Clock.Set(canceledAt);

        Assert.True((await sub.Customer.Cancel(new CancelSubscription(sub.SubscriptionId, AtPeriodEnd: false))).IsAccepted);
        Assert.True((await sub.Customer.Cancel(new CancelSubscription(sub.SubscriptionId, AtPeriodEnd: false))).IsAccepted);

        Assert.Equal(0, Tokens(await sub.Wallet.Get()));
        var events = (await waterfall.Cluster.Journal.LoadAsync(new D.WalletKey(sub.Tenant, sub.WalletId))).Events;
        var forfeit = Assert.Single(events.OfType<D.PlanCreditsForfeited>());
        Assert.Equal(canceledAt, forfeit.Boundary);
        Assert.Equal([10_000L, 100_000L], forfeit.Forfeited.Select(f => f.Amount.Value).Order());
    }

    [Fact]
    public async Task Subscribing_and_canceling_announce_subscription_started_and_canceled_from_the_wallets_entries_once_each()
    {
        waterfall.Clock.Set(January);
        var sub = await Subscriber.SubscribeAsync(waterfall.Client, CyclePlans.HybridTiered());
        Assert.True((await sub.Customer.Subscribe(new Subscribe("sub-1", "plan", null))).Replayed);
        waterfall.Clock.Set(January.AddDays(3));

        Assert.True((await sub.Customer.Cancel(new CancelSubscription(sub.SubscriptionId, AtPeriodEnd: true))).IsAccepted);
        Assert.True((await sub.Customer.Cancel(new CancelSubscription(sub.SubscriptionId, AtPeriodEnd: true))).IsAccepted);

        var outbox = (IEventOutbox)waterfall.Cluster.Journal;
        var announced = (await outbox.ReadAsync(sub.Tenant, 0, 10_000)).Select(r => r.Event).Where(e => e.WalletId == sub.WalletId).ToList();
        var started = Assert.Single(announced, e => e.Type == EventTypes.SubscriptionStarted);
        var canceled = Assert.Single(announced, e => e.Type == EventTypes.SubscriptionCanceled);
        Assert.Contains($"\"subscription_id\":\"{sub.SubscriptionId}\"", started.Payload);
        Assert.Contains($"\"ends_at\":\"{February:yyyy-MM-ddTHH:mm:ss}", canceled.Payload);
        var entries = (await waterfall.Cluster.Journal.LoadAsync(new D.WalletKey(sub.Tenant, sub.WalletId))).Events.OfType<D.SubscriptionChanged>().ToList();
        Assert.Equal([D.SubscriptionChange.Started, D.SubscriptionChange.Canceled], entries.Select(e => e.Change));
    }

    [Fact]
    public async Task A_plan_change_for_the_next_period_lands_at_the_boundary_with_its_billing_mode_and_its_grants()
    {
        waterfall.Clock.Set(January);
        var sub = await Subscriber.SubscribeAsync(waterfall.Client, CyclePlans.HybridTiered());
        var v2 = CyclePlans.HybridTiered() with
        {
            BillingMode = BillingMode.Postpaid, OverageLimit = 0,
            Grants = [CyclePlans.HybridTiered().Grants[0] with { Amount = 200_000 }],
        };
        Assert.True((await waterfall.Client.Plan(sub.Tenant, "plan").SaveDraft(null, v2)).IsAccepted);
        Assert.True((await waterfall.Client.Plan(sub.Tenant, "plan").Publish(2)).IsAccepted);
        var pending = (await sub.Customer.ChangePlan(new ChangePlan(sub.SubscriptionId, "plan", 2, Immediately: false))).Receipt!;
        Assert.Equal((1, February), (pending.PlanVersion, pending.PendingChange?.EffectiveAt));

        waterfall.Clock.Set(February.AddHours(1));
        var boundary = (await sub.Cycle.CatchUp()).Boundaries.Single();

        var changed = await Subscription(sub);
        Assert.Equal((2, (PlanChange?)null, 2), (changed.PlanVersion, changed.PendingChange, changed.Period));
        Assert.Equal(1, (await sub.Invoices.Get(boundary.InvoiceId)).Receipt!.PlanVersion); // January bills under the version it ran on
        var wallet = (await sub.Wallet.Get()).Receipt!;
        Assert.Equal((int)BillingMode.Postpaid, wallet.Settings.BillingMode);
        var made = Assert.Single(boundary.GrantsMade);
        Assert.Equal(200_000, wallet.Grants.Single(g => g.Id == made).Remaining);
    }

    private static async Task<Subscription> Subscription(Subscriber sub) =>
        (await sub.Customer.Get()).Receipt!.Customer.FindSubscription(sub.SubscriptionId)!;

    private static long Tokens(Waterfall.Contracts.Reply<Waterfall.Contracts.WalletView> wallet) =>
        wallet.Receipt!.Balances.SingleOrDefault(b => b.Unit == "tokens")?.Available ?? 0;
}
