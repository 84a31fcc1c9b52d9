using CsCheck;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Holds;
using Waterfall.Domain.Money;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Tests.Wallets;

/// <summary>Expiries are dated when they fell due, however late the wallet notices them.</summary>
public class DeadlineTests
{
    private static readonly DateTimeOffset EndOfJanuary = new(2026, 1, 31, 23, 59, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ThirdOfFebruary = new(2026, 2, 3, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_grant_expiry_noticed_days_late_is_dated_at_the_grant_expiry()
    {
        var kit = new WalletTestKit();
        var grant = kit.Grant(GrantKind.Purchased, 5_000, expiresAt: EndOfJanuary);

        kit.Now = ThirdOfFebruary;
        kit.Tick();

        var expired = Assert.IsType<GrantExpired>(kit.Journal[^1]);
        Assert.Equal(grant, expired.Grant);
        Assert.Equal(5_000, expired.Amount.Value);
        Assert.Equal(EndOfJanuary, expired.At);
        Assert.Equal(EndOfJanuary, kit.Ledger.Last().At);
    }

    [Fact]
    public void A_hold_expiry_noticed_late_is_dated_at_its_ttl()
    {
        var kit = new WalletTestKit();
        kit.Grant(GrantKind.Purchased, 10_000);
        var hold = kit.Authorize(4_000, TimeSpan.FromMinutes(5)).Receipt!;

        kit.Now = kit.Now.AddDays(2);
        kit.Tick();

        var expired = Assert.IsType<HoldExpired>(kit.Journal[^1]);
        Assert.Equal(hold.Hold, expired.Hold);
        Assert.Equal(hold.ExpiresAt, expired.At);
        Assert.Equal(10_000, kit.Wallet.Available(CreditUnit.Usd, kit.Now));
    }

    [Fact]
    public void Expiries_noticed_together_post_in_the_order_they_fell_due_each_at_its_own_date()
    {
        var kit = new WalletTestKit();
        var start = kit.Now;
        var early = kit.Grant(GrantKind.Promotional, 1_000, expiresAt: start.AddHours(1));
        var late = kit.Grant(GrantKind.Bonus, 2_000, expiresAt: start.AddHours(3));
        kit.Grant(GrantKind.Purchased, 10_000);
        var hold = kit.Authorize(3_500, TimeSpan.FromHours(2)).Receipt!; // draws all of both grants, then 500 purchased

        kit.Now = start.AddDays(1);
        kit.Tick();

        // The hold released at 2h; what it gave back to the 1h grant broke then, the 3h grant broke at 3h.
        Assert.Equal([typeof(HoldExpired), typeof(GrantExpired), typeof(GrantExpired)],
            kit.Journal.Skip(kit.Journal.Count - 3).Select(e => e.GetType()));
        var (released, first, second) = (kit.Journal[^3], (GrantExpired)kit.Journal[^2], (GrantExpired)kit.Journal[^1]);
        Assert.Equal(hold.ExpiresAt, released.At);
        Assert.Equal((early, start.AddHours(2)), (first.Grant, first.At));
        Assert.Equal((late, start.AddHours(3)), (second.Grant, second.At));
        Assert.Equal([released.Sequence + 1, released.Sequence + 2], new[] { first.Sequence, second.Sequence });
    }

    [Fact]
    public void Credit_a_hold_releases_into_an_expired_grant_breaks_when_it_is_released_not_before()
    {
        var kit = new WalletTestKit();
        var grant = kit.Grant(GrantKind.Promotional, 1_000, expiresAt: kit.Now.AddMinutes(1));
        var hold = kit.Authorize(600, TimeSpan.FromMinutes(30)).Receipt!;
        kit.Now = kit.Now.AddMinutes(10);
        kit.Tick(); // the 400 unheld expire, dated at the grant's expiry
        var voidedAt = kit.Now;
        kit.Record(kit.Wallet.Void(new VoidHold(kit.NextKey(), hold.Hold), voidedAt));

        kit.Now = kit.Now.AddDays(5);
        kit.Tick();

        var breakage = kit.Journal.OfType<GrantExpired>().Where(e => e.Grant == grant).ToList();
        Assert.Equal([(400L, WalletTestKit.Epoch.AddMinutes(1)), (600L, voidedAt)], breakage.Select(e => (e.Amount.Value, e.At)));
    }

    [Fact]
    public void The_next_deadline_is_the_soonest_hold_ttl_or_grant_expiry_with_credit_left()
    {
        var kit = new WalletTestKit();
        Assert.Null(kit.Wallet.NextDue);
        var grant = kit.Grant(GrantKind.Promotional, 1_000, expiresAt: EndOfJanuary);
        Assert.Equal(new Deadline(EndOfJanuary, DeadlineKind.GrantExpiry, Grant: grant), kit.Wallet.NextDue);

        var hold = kit.Authorize(100, TimeSpan.FromMinutes(5)).Receipt!;
        Assert.Equal(new Deadline(hold.ExpiresAt, DeadlineKind.HoldExpiry, Hold: hold.Hold), kit.Wallet.NextDue);

        kit.Debit(900);
        kit.Record(kit.Wallet.Capture(new CaptureHold(kit.NextKey(), hold.Hold, WalletTestKit.UsdCharge(100)), kit.Now));
        Assert.Null(kit.Wallet.NextDue); // the grant is used up: nothing left to expire
    }

    private abstract record Step;
    private sealed record GrantStep(long Amount, int ExpiresInHours) : Step;
    private sealed record HoldStep(long Amount, int TtlMinutes) : Step;
    private sealed record DebitStep(long Amount) : Step;
    private sealed record VoidStep(int Hold) : Step;
    private sealed record IdleStep(int Minutes, bool Notices) : Step;

    private static readonly Gen<Step> AnyStep = Gen.Frequency(
        (3, Gen.Select(Gen.Long[1, 5_000], Gen.Int[1, 72], (a, h) => (Step)new GrantStep(a, h))),
        (3, Gen.Select(Gen.Long[1, 3_000], Gen.Int[1, 240], (a, t) => (Step)new HoldStep(a, t))),
        (2, Gen.Long[1, 3_000].Select(a => (Step)new DebitStep(a))),
        (1, Gen.Int[0, 9].Select(h => (Step)new VoidStep(h))),
        (4, Gen.Select(Gen.Int[1, 3_000], Gen.Bool, (m, n) => (Step)new IdleStep(m, n))));

    [Fact]
    public void Expiries_are_dated_at_their_deadline_never_before_the_previous_event_and_replay_exactly()
    {
        AnyStep.Array[1, 60].Sample(steps =>
        {
            var kit = new WalletTestKit();
            var holds = new List<HoldId>();
            foreach (var step in steps)
            {
                // A wallet nobody calls notices nothing: its expiries wait for the next command or tick.
                var before = kit.Journal.Count;
                var deadlinesBefore = WalletDeadlines.Upcoming(kit.Wallet.Grants, kit.Wallet.Holds).ToList();
                var lastAt = kit.Journal[^1].At;
                switch (step)
                {
                    case GrantStep g:
                        kit.Tick();
                        kit.Grant(GrantKind.Promotional, g.Amount, expiresAt: kit.Now.AddHours(g.ExpiresInHours));
                        break;
                    case HoldStep h:
                        kit.Tick();
                        if (kit.Authorize(h.Amount, TimeSpan.FromMinutes(h.TtlMinutes)).Receipt is { } hold) holds.Add(hold.Hold);
                        break;
                    case DebitStep d:
                        kit.Tick();
                        kit.Debit(d.Amount);
                        break;
                    case VoidStep v when holds.Count > 0:
                        kit.Tick();
                        kit.Record(kit.Wallet.Void(new VoidHold(kit.NextKey(), holds[v.Hold % holds.Count]), kit.Now));
                        break;
                    case IdleStep i:
                        kit.Now = kit.Now.AddMinutes(i.Minutes);
                        if (i.Notices) kit.Tick();
                        break;
                }
                foreach (var e in kit.Journal.Skip(before).Where(e => e is GrantExpired or HoldExpired))
                {
                    var deadline = e is GrantExpired g ? deadlinesBefore.FirstOrDefault(d => d.Grant == g.Grant) : deadlinesBefore.FirstOrDefault(d => d.Hold == ((HoldExpired)e).Hold);
                    // Due before this step (or released into an expired grant during it): never dated before it fell due.
                    if (deadline is not null) Assert.True(e.At >= deadline.At, $"{e} before its deadline {deadline.At}");
                    Assert.True(e.At <= kit.Now, $"{e} dated after it was noticed at {kit.Now}");
                    Assert.True(e.At >= lastAt, $"{e} dated before the event before it ({lastAt})");
                    lastAt = e.At;
                }
            }

            for (var i = 1; i < kit.Journal.Count; i++)
                Assert.True(kit.Journal[i].At >= kit.Journal[i - 1].At, $"event {kit.Journal[i].Sequence} goes back in time");
            var replayed = new Wallet(kit.Wallet.Key);
            foreach (var e in kit.Journal) replayed.Apply(e);
            var restored = Wallet.Restore(kit.Wallet.Key, kit.Wallet.ToSnapshot());
            foreach (var copy in new[] { replayed, restored })
            {
                Assert.Equal(kit.Wallet.Sequence, copy.Sequence);
                Assert.Equal(kit.Wallet.LastEventAt, copy.LastEventAt);
                Assert.Equal(kit.Wallet.NextDue, copy.NextDue);
                Assert.Equal(kit.Wallet.Grants.Select(g => (g.Id, g.Remaining, g.Held)), copy.Grants.Select(g => (g.Id, g.Remaining, g.Held)));
                Assert.Equal(kit.Wallet.Holds.Select(h => (h.Id, h.ExpiresAt)).OrderBy(h => h.Id.Value), copy.Holds.Select(h => (h.Id, h.ExpiresAt)).OrderBy(h => h.Id.Value));
                // Both notice the same expiries, dated the same, later.
                var later = kit.Now.AddDays(30);
                Assert.Equal(Copy(kit.Journal).Tick(later).Select(e => (e.Sequence, e.At, e.GetType())), copy.Tick(later).Select(e => (e.Sequence, e.At, e.GetType())));
            }
        }, iter: 300);
    }

    private static Wallet Copy(IEnumerable<WalletEvent> journal)
    {
        var wallet = new Wallet(new WalletKey("tenant", "w1"));
        foreach (var e in journal) wallet.Apply(e);
        return wallet;
    }
}
