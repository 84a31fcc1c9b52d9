using System.Globalization;
using static Microsoft.Playwright.Assertions;

namespace Waterfall.Dashboard.Tests;

[Collection("dashboard")]
public sealed class CustomersPageTests(DashboardFixture fixture)
{
    [Fact]
    public async Task A_customer_shows_the_APIs_subscription_and_wallet_balances()
    {
        using var sdk = fixture.Sdk(DashboardFixture.ReadKey);
        await using var context = await fixture.ContextAsync();
        var page = await fixture.SignedInAsync(context, DashboardFixture.ReadKey);
        await page.GotoAsync("/dashboard/customers");

        var customer = await sdk.GetCustomerAsync(DashboardFixture.Customer);
        var row = page.GetByTestId("customers").Locator($"tr[data-customer='{DashboardFixture.Customer}']");
        await Expect(row).ToContainTextAsync("Acme Corp");
        var subscription = Assert.Single(customer.Subscriptions);
        var shown = row.Locator($"li[data-subscription='{subscription.SubscriptionId}']");
        await Expect(shown).ToContainTextAsync(subscription.PlanId);
        Assert.Equal(subscription.Version.ToString(CultureInfo.InvariantCulture), await shown.Locator("[data-field='version']").InnerTextAsync());
        await Expect(shown.Locator("[data-field='status']")).ToHaveTextAsync("active");
        var wallet = Assert.Single(customer.Wallets);
        var usd = wallet.Balances.Single(b => b.Unit == "usd");
        Assert.True(usd.Available > 0, "the plan's included credit was granted on subscribe");
        Assert.Equal(usd.Available.ToString(CultureInfo.InvariantCulture),
            await row.Locator($"data[data-wallet='{wallet.WalletId}'][data-unit='usd']").GetAttributeAsync("value"));
    }

    [Fact]
    public async Task Plans_show_every_version_published_or_draft_as_the_API_gives_them()
    {
        using var sdk = fixture.Sdk(DashboardFixture.ReadKey);
        await using var context = await fixture.ContextAsync();
        var page = await fixture.SignedInAsync(context, DashboardFixture.ReadKey);
        await page.GotoAsync("/dashboard/customers");

        var plan = await sdk.GetPlanAsync(DashboardFixture.Plan);
        var rows = page.GetByTestId("plans").Locator($"tr[data-plan='{DashboardFixture.Plan}']");
        await Expect(rows).ToHaveCountAsync(plan.Versions.Count);
        foreach (var v in plan.Versions)
        {
            var row = page.GetByTestId("plans").Locator($"tr[data-plan='{DashboardFixture.Plan}'][data-version='{v.Version}']");
            await Expect(row.Locator("[data-field='state']")).ToContainTextAsync(v.PublishedAt is null ? "draft" : "published");
            await Expect(row).ToContainTextAsync("PREPAID");
            Assert.Equal(v.Terms.Grants[0].Amount.Value.ToString(CultureInfo.InvariantCulture), await row.Locator("data").First.GetAttributeAsync("value"));
        }
        Assert.Equal(1, plan.PublishedVersion);
        Assert.Equal(2, plan.DraftVersion);
    }

    [Fact]
    public async Task A_campaign_shows_the_APIs_redemption_statistics()
    {
        using var sdk = fixture.Sdk(DashboardFixture.ReadKey);
        await using var context = await fixture.ContextAsync();
        var page = await fixture.SignedInAsync(context, DashboardFixture.ReadKey);
        await page.GotoAsync("/dashboard/customers");

        var campaign = await sdk.GetCampaignAsync(DashboardFixture.Campaign);
        var row = page.GetByTestId("campaigns").Locator($"tr[data-campaign='{DashboardFixture.Campaign}']");
        Assert.Equal(1, campaign.Statistics.Redemptions);
        Assert.Equal(campaign.Statistics.Redemptions.ToString(CultureInfo.InvariantCulture), await row.Locator("[data-field='redemptions']").GetAttributeAsync("value"));
        Assert.Equal(campaign.Statistics.Redeemed.ToString(CultureInfo.InvariantCulture), await row.Locator("[data-field='redeemed']").GetAttributeAsync("value"));
        if (campaign.Statistics.HasBurnedAndExpired)
            Assert.Equal(campaign.Statistics.Burned.ToString(CultureInfo.InvariantCulture), await row.Locator("[data-field='burned']").GetAttributeAsync("value"));
        else
            await Expect(row).ToContainTextAsync("not counted yet");
    }
}
