using CsCheck;
using Waterfall.Domain.Campaigns;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Holds;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;
using Waterfall.Domain.Tests.Wallets;

namespace Waterfall.Domain.Tests.Campaigns;

public class CampaignUsageProperties
{
    private const long Given = 60_000;
    private static readonly DateTimeOffset ExpiresAt = WalletTestKit.Epoch.AddHours(1);

    private static readonly TimeSpan HoldTtl = TimeSpan.FromMinutes(10);

    private enum Op { Debit, Authorize, Capture, Wait }

    private static readonly Gen<(Op Op, long Amount)> Step = Gen.Select(Gen.Enum<Op>(), Gen.Long[1, 40_000]);

    /// <summary>
    /// The campaign's grant sits among others (purchased credit, another campaign's promotion, both drawn by the same
    /// debits and holds): its burned and expired are what the ledger's own postings say of that grant, and once it
    /// has expired with no hold open they add up to what was given.
    /// </summary>
    [Fact]
    public void A_campaigns_burned_and_expired_are_what_the_ledger_posted_for_its_grant_and_add_up_to_what_it_gave()
    {
        Step.Array[0, 40].Sample(steps =>
        {
            var kit = new WalletTestKit();
            kit.Grant(GrantKind.Purchased, 100_000);
            var campaignGrant = CampaignGrant(kit, "launch", Given);
            CampaignGrant(kit, "other", 25_000);
            var holds = new Queue<(HoldId Hold, long Estimate)>();
            foreach (var (op, amount) in steps)
            {
                switch (op)
                {
                    case Op.Debit:
                        kit.Debit(amount);
                        break;
                    case Op.Authorize when kit.Authorize(amount, HoldTtl).Receipt is { } hold:
                        holds.Enqueue((hold.Hold, amount));
                        break;
                    case Op.Capture when holds.TryDequeue(out var open):
                        kit.Capture(open.Hold, WalletTestKit.UsdCharge(Math.Min(amount, open.Estimate)));
                        break;
                    case Op.Wait:
                        kit.Now = kit.Now.AddMinutes(4);
                        kit.Tick();
                        break;
                }
            }
            var usage = Fold(kit);
            var (burnedByLedger, expiredByLedger) = PostedFor(kit, campaignGrant);
            if (usage.Burned != burnedByLedger || usage.Expired != expiredByLedger) return false;

            // Credit an open hold reserves expires only once the hold releases it, so the end lies past the last hold's TTL too.
            kit.Now = (kit.Now > ExpiresAt ? kit.Now : ExpiresAt).Add(HoldTtl).AddMinutes(1);
            kit.Tick();
            var final = Fold(kit);
            return (final.Burned, final.Expired) == PostedFor(kit, campaignGrant) && final.Burned + final.Expired == Given;
        });
    }

    [Fact]
    public void Another_wallets_grant_with_the_same_id_is_not_the_campaigns()
    {
        var redeemed = new WalletTestKit();
        var other = new WalletTestKit();
        var grant = CampaignGrant(redeemed, "launch", Given);
        Assert.Equal(grant, other.Grant(GrantKind.Promotional, Given));
        other.Debit(10_000);
        redeemed.Debit(4_000);

        var usage = new CampaignUsage("launch");
        foreach (var e in redeemed.Journal) usage.Observe("redeemed", e);
        foreach (var e in other.Journal) usage.Observe("other", e);

        Assert.Equal(new CampaignStatistics(1, Given, 4_000, 0), usage.Statistics(1, Given));
    }

    private static GrantId CampaignGrant(WalletTestKit kit, string campaign, long amount)
    {
        var terms = WalletTestKit.Terms(GrantKind.Promotional, amount, expiresAt: ExpiresAt) with { Source = new GrantSource(GrantSourceKind.Campaign, campaign) };
        var outcome = kit.Record(kit.Wallet.GrantCredits(new Domain.Wallets.GrantCredits(kit.NextKey(), terms), kit.Now));
        Assert.True(outcome.IsAccepted, outcome.ToString());
        return outcome.Receipt!.Grant;
    }

    private static CampaignUsage Fold(WalletTestKit kit)
    {
        var usage = new CampaignUsage("launch");
        foreach (var e in kit.Journal) usage.Observe(kit.Wallet.Key.WalletId, e);
        return usage;
    }

    /// <summary>The v1 postings of one grant: every burn is revenue, every expiry breakage, in the grant's unit.</summary>
    private static (long Burned, long Expired) PostedFor(WalletTestKit kit, GrantId grant)
    {
        var postings = kit.Ledger.SelectMany(t => t.Postings).Where(p => p.Grant == grant && p.Unit == CreditUnit.Usd).ToList();
        return (-postings.Where(p => p.Account == LedgerAccount.Revenue).Sum(p => p.Amount),
                -postings.Where(p => p.Account == LedgerAccount.Breakage).Sum(p => p.Amount));
    }
}
