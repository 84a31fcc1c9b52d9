using CsCheck;
using Waterfall.Domain.Campaigns;
using Waterfall.Domain.Plans;

namespace Waterfall.Billing.Tests;

public class CampaignProperties
{
    [Fact]
    public void No_sequence_of_redemptions_passes_a_campaigns_limits()
    {
        var requests = Gen.Select(Gen.Int[0, 40], Gen.Int[0, 15], (w, c) => new RedemptionRequest($"w{w}", $"c{c}", null, false)).Array[0, 120];
        Gen.Select(Gen.Int[1, 30], Gen.Long[1, 30], Gen.Bool, requests).Sample((max, total, once, asks) =>
        {
            var campaign = new Campaign { Id = "p" };
            var grant = new CampaignGrant("promotional", "tokens", 3, null, PlanScope.Any, null, null);
            Assert.Null(campaign.Define(new CampaignTerms("p", grant, CampaignEligibility.Anyone, new CampaignLimits(max, total * 3, once), CampaignWindow.Always), DateTimeOffset.UnixEpoch, _ => true));

            foreach (var ask in asks) campaign.Redeem(ask, DateTimeOffset.UnixEpoch);

            Assert.True(campaign.Redemptions.Count <= max);
            Assert.True(campaign.Redeemed <= total * 3);
            Assert.Equal(campaign.Redemptions.Values.Sum(r => r.Amount), campaign.Redeemed);
            if (once) Assert.Equal(campaign.Redemptions.Count, campaign.Redemptions.Values.Select(r => r.CustomerId).Distinct().Count());
        });
    }
}
