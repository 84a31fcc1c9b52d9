using CsCheck;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Money;
using Waterfall.Domain.Refills;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Tests.Wallets;

/// <summary>
/// Random debits, holds, grants and months against a random refill rule: the wallet never goes below
/// zero, refills at most once per call and at most once per fall below the threshold, never misses a fall
/// it could refill, never refills past the monthly cap, and a replay of its journal lands in the same state.
/// </summary>
public class RefillProperties
{
    private abstract record Op;
    private sealed record DebitOp(long Amount) : Op;
    private sealed record HoldOp(long Amount) : Op;
    private sealed record GrantOp(long Amount) : Op;
    private sealed record NextMonthOp : Op;

    private static readonly Gen<Op> AnyOp = Gen.Frequency(
        (6, Gen.Long[1, 3_000].Select(a => (Op)new DebitOp(a))),
        (2, Gen.Long[1, 3_000].Select(a => (Op)new HoldOp(a))),
        (2, Gen.Long[1, 4_000].Select(a => (Op)new GrantOp(a))),
        (1, Gen.Const((Op)new NextMonthOp())));

    private static readonly Gen<RefillRule> Rules =
        Gen.Select(Gen.Long[0, 2_000], Gen.Bool, Gen.Long[1, 4_000], Gen.Long[1, 12_000],
            (threshold, target, amount, cap) => new RefillRule(threshold, target ? RefillMode.Target : RefillMode.Fixed,
                target ? threshold + amount : amount, cap));

    private static readonly Gen<(RefillRule Rule, long Start, Op[] Ops)> Scenario =
        Gen.Select(Rules, Gen.Long[0, 5_000], AnyOp.Array[1, 60], (r, s, o) => (r, s, o));

    [Fact]
    public void Refills_never_take_a_wallet_below_zero_come_once_per_fall_and_stay_within_the_cap()
    {
        Scenario.Sample(scenario =>
        {
            var (rule, start, ops) = scenario;
            var kit = new WalletTestKit();
            kit.Subscribe();
            if (start > 0) kit.Grant(GrantKind.Purchased, start);
            Assert.True(kit.Record(kit.Wallet.SetRefillRule(new SetRefillRule(kit.NextKey(), rule), kit.Now)).IsAccepted);
            var armed = true;
            var refilledThisMonth = 0L;

            foreach (var op in ops)
            {
                var before = kit.Wallet.RefillBalance(kit.Now);
                IReadOnlyList<WalletEvent> events;
                bool accepted;
                long charge = 0;
                switch (op)
                {
                    case DebitOp d:
                        var debit = kit.Debit(d.Amount);
                        (events, accepted, charge) = (debit.Events, debit.IsAccepted, d.Amount);
                        break;
                    case HoldOp h:
                        var hold = kit.Authorize(h.Amount, TimeSpan.FromDays(1));
                        (events, accepted, charge) = (hold.Events, hold.IsAccepted, h.Amount);
                        break;
                    case GrantOp g:
                        kit.Grant(GrantKind.Purchased, g.Amount);
                        (events, accepted) = ([], true);
                        break;
                    default:
                        kit.Now = kit.Now.AddMonths(1);
                        refilledThisMonth = 0;
                        (events, accepted) = ([], true);
                        break;
                }

                var refills = events.OfType<Refilled>().ToList();
                Assert.True(refills.Count <= 1, "more than one refill in one call");
                if (refills is [var refill])
                {
                    refilledThisMonth += refill.Amount;
                    if (ReferenceEquals(events[0], refill))
                        Assert.True(before < charge, "refilled ahead of a charge the wallet could cover");
                    else
                        Assert.True(armed, "refilled twice for one fall below the threshold");
                }
                else if (accepted && charge > 0 && armed && kit.Wallet.RefillBalance(kit.Now) < rule.Threshold)
                {
                    Assert.Equal(0, kit.Wallet.Refill.CapLeft(kit.Now)); // a fall goes unanswered only when the cap is used up
                }

                var after = kit.Wallet.RefillBalance(kit.Now);
                if (refills.Count == 1) armed = after >= rule.Threshold;
                else if (after >= rule.Threshold) armed = true;

                Assert.True(after >= 0, "spendable balance below zero");
                Assert.All(kit.Wallet.Grants, g => Assert.True(g.Remaining >= 0 && g.Held <= g.Remaining));
                Assert.True(refilledThisMonth <= rule.MonthlyCap, "refills passed the monthly cap");
                Assert.Equal(refilledThisMonth, kit.Wallet.Refill.RefilledInMonthOf(kit.Now));
            }

            var replayed = new Wallet(kit.Wallet.Key);
            foreach (var e in kit.Journal) replayed.Apply(e);
            Assert.Equal(kit.Wallet.Refill, replayed.Refill);
            Assert.Equal(kit.Wallet.TotalRemaining(CreditUnit.Usd), replayed.TotalRemaining(CreditUnit.Usd));
            Assert.All(kit.Ledger, t => Assert.True(t.IsBalanced));
            Assert.Equal(kit.Wallet.TotalRemaining(CreditUnit.Usd), kit.WalletLiability(CreditUnit.Usd));
        }, iter: 400);
    }
}
