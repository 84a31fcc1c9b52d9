using CsCheck;
using Waterfall.Domain.Events;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Tests.Events;

public class ThresholdCrossingProperties
{
    private const long Threshold = 50_000;

    private enum Op { Grant, Debit, Authorize, Expire }

    private static readonly Gen<(Op Op, long Amount)> Step =
        Gen.Select(Gen.Enum<Op>(), Gen.OneOf(Gen.Long[1, 20_000], Gen.Long[1, 120_000], Gen.Const(Threshold)));

    /// <summary>USD the ledger's postings leave in the wallet's available account: computed from the journal, not the wallet.</summary>
    private static long LedgerBalance(AnnouncingKit kit) =>
        -kit.Kit.Ledger.SelectMany(t => t.Postings)
            .Where(p => p.Account == LedgerAccount.Available(kit.Kit.Wallet.Key.WalletId) && p.Unit == CreditUnit.Usd)
            .Sum(p => p.Amount);

    [Fact]
    public void A_threshold_crossing_is_announced_once_per_crossing_however_many_changes_stay_below_it()
    {
        Step.Array[1, 60].Sample(steps =>
        {
            var kit = new AnnouncingKit(Threshold);
            var balance = LedgerBalance(kit);
            foreach (var (op, amount) in steps)
            {
                var funded = kit.Kit.Wallet.Grants.Count + kit.Kit.Wallet.ExhaustedGrants.Count > 0;
                var announced = op switch
                {
                    Op.Grant => kit.Step(k => k.Record(k.Wallet.GrantCredits(new GrantCredits(k.NextKey(), Wallets.WalletTestKit.Terms(GrantKind.Purchased, amount)), k.Now))),
                    Op.Debit => kit.Step(k => k.Debit(amount)),
                    Op.Authorize => kit.Step(k => k.Authorize(amount, TimeSpan.FromMinutes(1))),
                    _ => Advance(kit),
                };
                var after = LedgerBalance(kit);
                if (!funded)
                {
                    // Before the first grant there is nothing to cross from.
                    if (announced.Count != 0) return false;
                    balance = after;
                    continue;
                }
                var low = announced.Count(a => a.Type == EventTypes.BalanceLow);
                var recovered = announced.Count(a => a.Type == EventTypes.BalanceRecovered);
                if (low != (balance >= Threshold && after < Threshold ? 1 : 0)) return false;
                if (recovered != (balance < Threshold && after >= Threshold ? 1 : 0)) return false;
                if (announced.Count(a => a.Type == EventTypes.Depleted) != (balance > 0 && after <= 0 ? 1 : 0)) return false;
                balance = after;
            }
            // Crossings alternate: never two balance_low without a recovery between them.
            var crossings = kit.Types.Where(t => t is EventTypes.BalanceLow or EventTypes.BalanceRecovered).ToList();
            return crossings.Zip(crossings.Skip(1)).All(pair => pair.First != pair.Second)
                   && kit.Announced.Select(a => a.Id).Distinct().Count() == kit.Announced.Count;
        });
    }

    private static IReadOnlyList<Announcement> Advance(AnnouncingKit kit)
    {
        kit.Kit.Now = kit.Kit.Now.AddMinutes(2);
        return kit.Tick();
    }
}
