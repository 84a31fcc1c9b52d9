using Waterfall.Contracts;
using Waterfall.Contracts.Billing;
using Waterfall.Domain.Campaigns;
using Waterfall.Domain.Plans;

namespace Waterfall.Billing.Tests;

public class CampaignTests(BillingFixture billing) : IClassFixture<BillingFixture>
{
    private static CampaignTerms FreeTokens(CampaignLimits? limits = null, CampaignWindow? window = null, CampaignEligibility? eligibility = null) => new(
        "10,000 free tokens for 14 days",
        new CampaignGrant("promotional", "tokens", 10_000, null, PlanScope.Any, null, ExpiresAfterDays: 14),
        eligibility ?? CampaignEligibility.Anyone, limits ?? CampaignLimits.None, window ?? CampaignWindow.Always);

    [Fact]
    public async Task A_campaign_limited_to_100_redemptions_redeemed_by_300_concurrent_wallets_grants_exactly_100()
    {
        var campaign = billing.Campaign(BillingFixture.NewId("launch"));
        await campaign.Define(FreeTokens(new CampaignLimits(100, null, false)));
        var wallets = await OpenWalletsAsync(300);

        var replies = await Task.WhenAll(wallets.Select(w => campaign.Redeem(new RedemptionRequest(w, null, null, false))));
        var granted = await Task.WhenAll(wallets.Select(async w => (await billing.Wallet(BillingFixture.Tenant, w).Get()).Receipt!.Grants.Length));
        var statistics = (await campaign.Get()).Receipt!.Statistics;

        Assert.Equal(100, replies.Count(r => r.IsAccepted));
        Assert.Equal(200, replies.Count(r => r.Refusal?.Reason == "CAMPAIGN_LIMIT_REACHED"));
        Assert.Equal(100, granted.Sum());
        Assert.Equal(new CampaignStatistics(100, 1_000_000, 0, 0), statistics);
    }

    [Fact]
    public async Task A_campaign_limited_by_total_amount_stops_at_it_under_concurrency()
    {
        var campaign = billing.Campaign(BillingFixture.NewId("budget"));
        await campaign.Define(FreeTokens(new CampaignLimits(null, 255_000, false)));
        var wallets = await OpenWalletsAsync(60);

        var replies = await Task.WhenAll(wallets.Select(w => campaign.Redeem(new RedemptionRequest(w, null, null, false))));

        Assert.Equal(25, replies.Count(r => r.IsAccepted));
        Assert.Equal(250_000, (await campaign.Get()).Receipt!.Statistics.Redeemed);
    }

    [Fact]
    public async Task A_customer_redeems_once_and_the_same_wallet_again_is_a_replay()
    {
        var campaign = billing.Campaign(BillingFixture.NewId("once"));
        await campaign.Define(FreeTokens(new CampaignLimits(null, null, OncePerCustomer: true)));
        var wallets = await OpenWalletsAsync(2);

        var first = await campaign.Redeem(new RedemptionRequest(wallets[0], "cust-1", null, false));
        var replay = await campaign.Redeem(new RedemptionRequest(wallets[0], "cust-1", null, false));
        var second = await campaign.Redeem(new RedemptionRequest(wallets[1], "cust-1", null, false));
        var grants = (await billing.Wallet(BillingFixture.Tenant, wallets[0]).Get()).Receipt!.Grants;

        Assert.True(first.IsAccepted);
        Assert.True(replay.Replayed);
        Assert.Equal(first.Receipt, replay.Receipt);
        Assert.Equal("CAMPAIGN_ALREADY_REDEEMED", second.Refusal?.Reason);
        Assert.Single(grants);
        Assert.Empty((await billing.Wallet(BillingFixture.Tenant, wallets[1]).Get()).Receipt!.Grants);
    }

    [Fact]
    public async Task A_relative_expiry_lands_14_days_after_each_redemption()
    {
        var campaign = billing.Campaign(BillingFixture.NewId("relative"));
        await campaign.Define(FreeTokens());
        var wallets = await OpenWalletsAsync(2);

        var firstAt = billing.Clock.GetUtcNow();
        await campaign.Redeem(new RedemptionRequest(wallets[0], null, null, false));
        billing.Clock.Advance(TimeSpan.FromDays(3));
        var secondAt = billing.Clock.GetUtcNow();
        await campaign.Redeem(new RedemptionRequest(wallets[1], null, null, false));
        var expiries = await Task.WhenAll(wallets.Select(async w => Assert.Single((await billing.Wallet(BillingFixture.Tenant, w).Get()).Receipt!.Grants).Terms.ExpiresAt));

        Assert.Equal(firstAt.AddDays(14), expiries[0]);
        Assert.Equal(secondAt.AddDays(14), expiries[1]);
    }

    [Fact]
    public async Task A_campaign_out_of_its_window_is_refused_and_grants_nothing()
    {
        var now = billing.Clock.GetUtcNow();
        var early = billing.Campaign(BillingFixture.NewId("later"));
        var late = billing.Campaign(BillingFixture.NewId("over"));
        await early.Define(FreeTokens(window: new CampaignWindow(now.AddDays(1), null)));
        await late.Define(FreeTokens(window: new CampaignWindow(now.AddDays(-10), now.AddDays(-1))));
        var wallet = (await OpenWalletsAsync(1))[0];

        var notYet = await early.Redeem(new RedemptionRequest(wallet, null, null, false));
        var tooLate = await late.Redeem(new RedemptionRequest(wallet, null, null, false));

        Assert.Equal("CAMPAIGN_OUT_OF_WINDOW", notYet.Refusal?.Reason);
        Assert.Equal("CAMPAIGN_OUT_OF_WINDOW", tooLate.Refusal?.Reason);
        Assert.Empty((await billing.Wallet(BillingFixture.Tenant, wallet).Get()).Receipt!.Grants);
        Assert.Equal(0, (await early.Get()).Receipt!.Statistics.Redemptions);
    }

    [Fact]
    public async Task A_redemption_the_wallet_refuses_does_not_use_up_the_campaign()
    {
        var campaign = billing.Campaign(BillingFixture.NewId("nowallet"));
        await campaign.Define(FreeTokens(new CampaignLimits(1, null, false)));

        var missing = await campaign.Redeem(new RedemptionRequest(BillingFixture.NewId("ghost"), null, null, false));
        var real = await campaign.Redeem(new RedemptionRequest((await OpenWalletsAsync(1))[0], null, null, false));

        Assert.Equal("WALLET_NOT_FOUND", missing.Refusal?.Reason);
        Assert.True(real.IsAccepted);
    }

    [Fact]
    public async Task An_auto_applied_campaign_is_redeemed_when_an_eligible_customer_subscribes()
    {
        var plan = await billing.PublishedPlanAsync(SamplePlans.WithCash(1));
        var otherPlan = await billing.PublishedPlanAsync(SamplePlans.WithCash(2));
        var campaignId = BillingFixture.NewId("welcome");
        await billing.Campaign(campaignId).Define(FreeTokens(eligibility: new CampaignEligibility([plan], NewSubscriptionsOnly: true, [], AutoApply: true)));

        var eligible = await billing.Customer(BillingFixture.NewId("cust")).Subscribe(new Subscribe("sub", plan, null));
        var ineligible = await billing.Customer(BillingFixture.NewId("cust")).Subscribe(new Subscribe("sub", otherPlan, null));
        var grants = (await billing.Wallet(BillingFixture.Tenant, eligible.Receipt!.Subscription.WalletId).Get()).Receipt!.Grants;

        Assert.Contains(campaignId, eligible.Receipt.Campaigns);
        Assert.DoesNotContain(campaignId, ineligible.Receipt!.Campaigns);
        Assert.Contains(grants, g => g.Terms.Kind == "promotional" && g.Terms.SourceReference == campaignId);
    }

    [Fact]
    public async Task A_campaigns_statistics_count_what_its_wallets_burned_and_what_expired_unused()
    {
        var campaign = billing.Campaign(BillingFixture.NewId("burn"));
        await campaign.Define(FreeTokens());
        var wallets = await OpenWalletsAsync(3);
        foreach (var w in wallets) Assert.True((await campaign.Redeem(new RedemptionRequest(w, null, null, false))).IsAccepted);
        var spender = billing.Wallet(BillingFixture.Tenant, wallets[0]);
        await spender.Debit(new DebitWallet("d-1", Tokens(4_000), null));
        var hold = (await spender.Authorize(new AuthorizeHold("h-1", Tokens(3_000), TimeSpan.FromMinutes(10), null))).Receipt!;
        await spender.Capture(new CaptureHold("c-1", hold.Hold, Tokens(2_500), null));
        await spender.Authorize(new AuthorizeHold("h-2", Tokens(1_000), TimeSpan.FromMinutes(10), null));
        await billing.Wallet(BillingFixture.Tenant, wallets[1]).Debit(new DebitWallet("d-1", Tokens(10_000), null));
        var before = (await campaign.Get()).Receipt!.Statistics;

        billing.Clock.Advance(TimeSpan.FromDays(15));
        foreach (var w in wallets) await billing.Wallet(BillingFixture.Tenant, w).Get();
        var after = (await campaign.Get()).Receipt!.Statistics;

        // The open hold's 1,000 tokens are neither burned nor expired while it is open; it lapses before the grant does.
        Assert.Equal(new CampaignStatistics(3, 30_000, 6_500 + 10_000, 0), before);
        Assert.Equal(new CampaignStatistics(3, 30_000, 6_500 + 10_000, 3_500 + 10_000), after);
    }

    [Fact]
    public async Task A_second_read_of_a_campaigns_statistics_after_more_usage_counts_only_the_new_usage_once()
    {
        var campaign = billing.Campaign(BillingFixture.NewId("reread"));
        await campaign.Define(FreeTokens());
        var wallets = await OpenWalletsAsync(2);
        foreach (var w in wallets) Assert.True((await campaign.Redeem(new RedemptionRequest(w, null, null, false))).IsAccepted);
        await billing.Wallet(BillingFixture.Tenant, wallets[0]).Debit(new DebitWallet("d-1", Tokens(1_000), null));
        var first = (await campaign.Get()).Receipt!.Statistics;

        await billing.Wallet(BillingFixture.Tenant, wallets[0]).Debit(new DebitWallet("d-2", Tokens(2_000), null));
        await billing.Wallet(BillingFixture.Tenant, wallets[1]).Debit(new DebitWallet("d-1", Tokens(500), null));
        var second = (await campaign.Get()).Receipt!.Statistics;
        var third = (await campaign.Get()).Receipt!.Statistics;

        Assert.Equal(new CampaignStatistics(2, 20_000, 1_000, 0), first);
        Assert.Equal(new CampaignStatistics(2, 20_000, 1_000 + 2_000 + 500, 0), second);
        Assert.Equal(second, third);
    }

    private static Charge Tokens(long count) => new(new Amount(count, "tokens"), null, null, null);

    private async Task<string[]> OpenWalletsAsync(int count)
    {
        var ids = Enumerable.Range(0, count).Select(_ => BillingFixture.NewId("w")).ToArray();
        var settings = new WalletSettings(0, 0, null, null, null, [], null);
        await Task.WhenAll(ids.Select(id => billing.Wallet(BillingFixture.Tenant, id).Open(new OpenWallet("open", settings))));
        return ids;
    }
}
