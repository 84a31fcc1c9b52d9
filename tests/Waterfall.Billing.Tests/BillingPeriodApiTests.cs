using System.Text.Json;
using Waterfall.Api.V1;
using Waterfall.Client;
using Waterfall.Contracts.Cycles;
using Waterfall.Testing;

namespace Waterfall.Billing.Tests;

/// <summary>What the public API shows of billing over time: a plan's progressive threshold and a subscription's current period.</summary>
public class BillingPeriodApiTests(BillingFixture billing) : IClassFixture<BillingFixture>
{
    private const long Usd = 1_000_000_000;
    private static readonly DateTimeOffset March = new(2027, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_plans_progressive_threshold_is_saved_and_read_back_over_the_sdk_and_http_and_a_prepaid_plan_with_one_is_refused_by_field()
    {
        var planId = BillingFixture.NewId("plan");
        var draft = await billing.Sdk.SavePlanDraftAsync(planId, Hybrid(progressiveThreshold: 10 * Usd));
        await billing.Sdk.PublishPlanAsync(planId, draft.DraftVersion);

        var read = await billing.Sdk.GetPlanAsync(planId);
        Assert.Equal(10 * Usd, Assert.Single(read.Versions).Terms.ProgressiveThreshold);
        using var http = Http(WaterfallTestCluster.ReadApiKey);
        var json = JsonDocument.Parse(await http.GetStringAsync($"/v1/plans/{planId}")).RootElement;
        Assert.Equal("10000000000", json.GetProperty("versions")[0].GetProperty("terms").GetProperty("progressiveThreshold").ToString());

        var prepaid = Hybrid(progressiveThreshold: Usd);
        prepaid.BillingMode = BillingMode.Prepaid;
        prepaid.OverageLimit = 0;
        var refusedPlan = BillingFixture.NewId("plan");
        var refused = await Assert.ThrowsAsync<WaterfallException>(() => billing.Sdk.SavePlanDraftAsync(refusedPlan, prepaid));
        var negative = await Assert.ThrowsAsync<WaterfallException>(() => billing.Sdk.SavePlanDraftAsync(refusedPlan, Hybrid(progressiveThreshold: -1)));

        Assert.Equal("INVALID_ARGUMENT", refused.Reason);
        Assert.Contains(refused.FieldViolations, v => v.Field.EndsWith("progressive_threshold", StringComparison.Ordinal));
        Assert.Contains(negative.FieldViolations, v => v.Field.EndsWith("progressive_threshold", StringComparison.Ordinal));
        Assert.Equal("PLAN_NOT_FOUND", (await Assert.ThrowsAsync<WaterfallException>(() => billing.Sdk.GetPlanAsync(refusedPlan))).Reason);
    }

    [Fact]
    public async Task A_subscription_shows_its_current_period_and_the_next_one_once_the_boundary_has_passed()
    {
        billing.Clock.Set(March.AddHours(9));
        var planId = BillingFixture.NewId("plan");
        var draft = await billing.Sdk.SavePlanDraftAsync(planId, Hybrid(progressiveThreshold: 0));
        await billing.Sdk.PublishPlanAsync(planId, draft.DraftVersion);
        var customerId = BillingFixture.NewId("cust");
        var subscribed = (await billing.Sdk.SubscribeAsync(customerId, planId, idempotencyKey: "sub-1")).Subscription;

        Assert.Equal((1, March.AddHours(9), March.AddMonths(1).AddHours(9)),
            (subscribed.PeriodNumber, subscribed.PeriodStart.ToDateTimeOffset(), subscribed.PeriodEnd.ToDateTimeOffset()));

        billing.Clock.Set(March.AddMonths(1).AddHours(10));
        await billing.Client.SubscriptionCycle(BillingFixture.Tenant, customerId, subscribed.SubscriptionId).CatchUp();
        var renewed = Assert.Single((await billing.Sdk.GetCustomerAsync(customerId)).Subscriptions);
        Assert.Equal((2, March.AddMonths(1).AddHours(9), March.AddMonths(2).AddHours(9)),
            (renewed.PeriodNumber, renewed.PeriodStart.ToDateTimeOffset(), renewed.PeriodEnd.ToDateTimeOffset()));

        using var http = Http(WaterfallTestCluster.ReadApiKey);
        var json = JsonDocument.Parse(await http.GetStringAsync($"/v1/customers/{customerId}")).RootElement.GetProperty("subscriptions")[0];
        Assert.Equal(2, json.GetProperty("periodNumber").GetInt32());
        Assert.Equal(March.AddMonths(2).AddHours(9), json.GetProperty("periodEnd").GetDateTimeOffset());
    }

    private static PlanTerms Hybrid(long progressiveThreshold) => new()
    {
        Name = "Hybrid",
        BillingMode = BillingMode.Hybrid,
        OverageLimit = 100 * Usd,
        ProgressiveThreshold = progressiveThreshold,
        Charges = { new PlanCharge { Metric = "llm_cost", Pricing = new Pricing { Kind = PricingKind.PerUnit, UnitPrice = "1.2" } } },
    };

    private HttpClient Http(string apiKey) => billing.Http(apiKey);
}
