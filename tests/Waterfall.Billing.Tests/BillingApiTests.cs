using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Waterfall.Api.V1;
using Waterfall.Client;
using Waterfall.Testing;

namespace Waterfall.Billing.Tests;

/// <summary>The three steps through the public API, as an integrator calls them: the SDK over gRPC, curl's JSON over HTTP.</summary>
public class BillingApiTests(BillingFixture billing) : IClassFixture<BillingFixture>
{
    private const long Usd = 1_000_000_000;

    [Fact]
    public async Task The_seeds_debit_by_customer_over_http_is_idempotent_and_burns_in_waterfall_order()
    {
        var customerId = await SubscribedCustomerAsync();
        using var http = Http(WaterfallTestCluster.MeterApiKey);
        const string seed = """
            {
            "customer_id": "CUSTOMER",
            "amount": 50,
            "strategy": "WATERFALL",
            "idempotency_key": "req_9982"
            }
            """;
        var body = seed.Replace("CUSTOMER", customerId, StringComparison.Ordinal);

        using var first = await http.PostAsync("/v1/wallets/debit", CurlData(body));
        using var second = await http.PostAsync("/v1/wallets/debit", CurlData(body));
        var firstAnswer = await Json(first);
        var secondAnswer = await Json(second);
        var wallet = await billing.Sdk.GetWalletAsync($"{customerId}.main");
        var promotional = wallet.Grants.Single(g => g.Kind == "promotional");
        var purchased = wallet.Grants.Single(g => g.Kind == "purchased");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.False(firstAnswer.GetProperty("replayed").GetBoolean());
        Assert.True(secondAnswer.GetProperty("replayed").GetBoolean());
        var draw = Assert.Single(firstAnswer.GetProperty("coverage").GetProperty("draws").EnumerateArray());
        Assert.Equal(promotional.GrantId, draw.GetProperty("grantId").GetString());
        Assert.Equal(2 * Usd - 50, promotional.Remaining);
        Assert.Equal(20 * Usd, purchased.Remaining);
    }

    [Fact]
    public async Task A_debit_by_customer_larger_than_the_promotion_burns_it_first_then_the_purchased_credit()
    {
        var customerId = await SubscribedCustomerAsync();

        var debit = await billing.Sdk.DebitCustomerAsync(customerId, Amounts.Usd(3m));
        var wallet = await billing.Sdk.GetWalletAsync($"{customerId}.main");
        var kinds = debit.Coverage.Draws.Select(d => wallet.Grants.Single(g => g.GrantId == d.GrantId).Kind);

        Assert.Equal(["promotional", "purchased"], kinds);
        Assert.Equal([2 * Usd, 1 * Usd], debit.Coverage.Draws.Select(d => d.Amount.Value));
    }

    [Fact]
    public async Task A_seed_debit_with_another_strategy_is_a_400_with_the_field_and_charges_nothing()
    {
        var customerId = await SubscribedCustomerAsync();
        using var http = Http(WaterfallTestCluster.MeterApiKey);

        using var refused = await http.PostAsync("/v1/wallets/debit",
            CurlData($$"""{"customer_id": "{{customerId}}", "amount": 50, "strategy": "FIFO", "idempotency_key": "k1"}"""));
        var problem = await Json(refused);
        var wallet = await billing.Sdk.GetWalletAsync($"{customerId}.main");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("INVALID_ARGUMENT", problem.GetProperty("reason").GetString());
        Assert.Contains(problem.GetProperty("violations").EnumerateArray(), v => v.GetProperty("field").GetString() == "strategy");
        Assert.Equal(22 * Usd, wallet.Balances.Single(b => b.Unit == "usd").Available);
    }

    [Fact]
    public async Task A_debit_for_a_customer_without_a_wallet_is_a_404_with_its_reason()
    {
        using var http = Http(WaterfallTestCluster.MeterApiKey);

        using var refused = await http.PostAsync("/v1/wallets/debit", CurlData("""{"customer_id": "nobody", "amount": 50, "idempotency_key": "k1"}"""));

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal("WALLET_NOT_FOUND", (await Json(refused)).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Each_bad_billing_call_answers_its_reason()
    {
        var planId = BillingFixture.NewId("plan");
        await billing.Sdk.SavePlanDraftAsync(planId, Cash(10));
        var campaignId = BillingFixture.NewId("campaign");
        var past = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(billing.Clock.GetUtcNow().AddDays(-1));
        await billing.Sdk.SaveCampaignAsync(campaignId, new CampaignTerms
        {
            Name = "over", Grant = new CampaignGrant { Kind = "promotional", Amount = Amounts.Tokens(10) }, EndsAt = past,
        });
        var prepaidWithOverage = Cash(10);
        prepaidWithOverage.OverageLimit = 5;

        var unknownPlan = await Reason(() => billing.Sdk.SubscribeAsync("c1", "no-such-plan"));
        var unpublished = await Reason(() => billing.Sdk.SubscribeAsync("c1", planId));
        var contradictory = await Failure(() => billing.Sdk.SavePlanDraftAsync(BillingFixture.NewId("plan"), prepaidWithOverage));
        var outOfWindow = await Reason(() => billing.Sdk.RedeemCampaignAsync(campaignId, walletId: "w1"));
        var readOnly = await Reason(() => ReadOnlyClient().SavePlanDraftAsync("p", Cash(1)));

        Assert.Equal("PLAN_NOT_FOUND", unknownPlan);
        Assert.Equal("PLAN_VERSION_NOT_PUBLISHED", unpublished);
        Assert.Equal("INVALID_ARGUMENT", contradictory.Reason);
        Assert.Contains(contradictory.FieldViolations, v => v.Field == "overage_limit");
        Assert.Equal("CAMPAIGN_OUT_OF_WINDOW", outOfWindow);
        Assert.Equal("PERMISSION_DENIED", readOnly);
        Assert.Equal("CUSTOMER_NOT_FOUND", await Reason(() => billing.Sdk.GetCustomerAsync("c1")));
    }

    [Fact]
    public async Task A_plan_created_published_and_subscribed_through_the_sdk_prices_and_provisions_as_configured()
    {
        var planId = BillingFixture.NewId("plan");
        var terms = Cash(20);
        terms.Charges.Add(new PlanCharge
        {
            Metric = "requests",
            Pricing = new Pricing { Kind = PricingKind.Tiered, Tiers = { new PriceTier { UpTo = "1000", UnitPrice = "0.01" }, new PriceTier { UnitPrice = "0.005" } } },
        });

        var draft = await billing.Sdk.SavePlanDraftAsync(planId, terms);
        var published = await billing.Sdk.PublishPlanAsync(planId, draft.DraftVersion);
        var price = await billing.Sdk.PriceQuantityAsync(planId, 1, "requests", 1500);
        var subscribed = await billing.Sdk.SubscribeAsync("api-customer-" + Guid.NewGuid().ToString("N"), planId, idempotencyKey: "sub-1");
        var customer = await billing.Sdk.GetCustomerAsync(subscribed.Subscription.WalletId[..^".main".Length]);

        Assert.Equal(1, published.PublishedVersion);
        Assert.Equal("12.5", price.PriceUsd);
        Assert.Equal(12_500_000_000, price.Price);
        Assert.Equal(1, subscribed.Subscription.Version);
        var wallet = Assert.Single(customer.Wallets);
        Assert.Equal(WalletRole.Main, wallet.Role);
        Assert.Equal(20 * Usd, wallet.Balances.Single(b => b.Unit == "usd").Available);
    }

    [Fact]
    public async Task A_campaigns_statistics_over_the_sdk_show_what_its_redeemers_burned()
    {
        var customerId = await SubscribedCustomerAsync();
        var campaignId = BillingFixture.NewId("campaign");
        await billing.Sdk.SaveCampaignAsync(campaignId, new CampaignTerms
        {
            Name = "10 free tokens", Grant = new CampaignGrant { Kind = "promotional", Amount = Amounts.Tokens(10) },
        });
        await billing.Sdk.RedeemCampaignAsync(campaignId, customerId: customerId);

        await billing.Sdk.DebitCustomerAsync(customerId, Amounts.Tokens(4));
        var statistics = (await billing.Sdk.GetCampaignAsync(campaignId)).Statistics;

        Assert.Equal((1, 10L, 4L, 0L, true), (statistics.Redemptions, statistics.Redeemed, statistics.Burned, statistics.Expired, statistics.HasBurnedAndExpired));
    }

    [Fact]
    public async Task The_customer_view_shows_each_wallets_quota_per_metric_as_GetWallet_does()
    {
        var planId = BillingFixture.NewId("plan");
        var terms = Cash(1);
        var monthly = new PlanGrant { Id = "requests", Timing = GrantTiming.EveryPeriod, Kind = "bonus", Amount = Amounts.Requests(1_000), Expiry = GrantExpiryKind.EndOfPeriod, Scope = new GrantScope() };
        monthly.Scope.Metrics.Add("requests");
        terms.Grants.Add(monthly);
        var draft = await billing.Sdk.SavePlanDraftAsync(planId, terms);
        await billing.Sdk.PublishPlanAsync(planId, draft.DraftVersion);
        var customerId = BillingFixture.NewId("cust");
        await billing.Sdk.SubscribeAsync(customerId, planId, idempotencyKey: "sub-1");

        await billing.Sdk.DebitMetricAsync($"{customerId}.main", "requests", 3, "requests");
        var customer = await billing.Sdk.GetCustomerAsync(customerId);
        var wallet = await billing.Sdk.GetWalletAsync($"{customerId}.main");

        var quota = Assert.Single(Assert.Single(customer.Wallets).Quotas);
        Assert.Equal(("requests", "requests", 1_000L, 997L, 1), (quota.Metric, quota.Unit, quota.Granted, quota.Remaining, quota.GrantCount));
        Assert.NotNull(quota.NextExpiry);
        Assert.Equal(wallet.Quotas, customer.Wallets[0].Quotas);
    }

    private async Task<string> SubscribedCustomerAsync()
    {
        var planId = BillingFixture.NewId("plan");
        var terms = Cash(20);
        terms.Grants.Add(new PlanGrant { Id = "promo", Kind = "promotional", Amount = Amounts.Usd(2m), Expiry = GrantExpiryKind.AfterDays, ExpiryDays = 14 });
        var draft = await billing.Sdk.SavePlanDraftAsync(planId, terms);
        await billing.Sdk.PublishPlanAsync(planId, draft.DraftVersion);
        var customerId = BillingFixture.NewId("cust");
        await billing.Sdk.SubscribeAsync(customerId, planId, idempotencyKey: "sub-1");
        return customerId;
    }

    private static PlanTerms Cash(long usd) => new()
    {
        Name = "Cash",
        BillingMode = BillingMode.Prepaid,
        Grants = { new PlanGrant { Id = "cash", Kind = "purchased", Amount = new Amount { Value = usd * Usd, Unit = "usd" } } },
    };

    private HttpClient Http(string apiKey) => billing.Http(apiKey);

    /// <summary>What <c>curl -d</c> sends: the body as written, labelled as a form.</summary>
    private static StringContent CurlData(string body) => new(body, Encoding.UTF8, "application/x-www-form-urlencoded");

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private WaterfallClient ReadOnlyClient() => billing.CreateSdkClient(WaterfallTestCluster.ReadApiKey, new WaterfallClientOptions { MaxAttempts = 1 });

    private static async Task<string?> Reason(Func<Task> call) => (await Failure(call)).Reason;

    private static async Task<WaterfallException> Failure(Func<Task> call) => await Assert.ThrowsAsync<WaterfallException>(call);
}
