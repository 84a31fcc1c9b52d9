using Waterfall.Contracts;
using Waterfall.Contracts.Billing;
using Waterfall.Contracts.Cycles;
using Waterfall.Domain.Plans;
using Waterfall.Testing;

namespace Waterfall.Cycles.Tests;

/// <summary>One in-memory cluster per test class; each test bills in a tenant of its own, so its invoice numbers start at 1.</summary>
public class CycleFixture : WaterfallClusterFixture
{
    protected override void Configure(WaterfallTestClusterOptions options) => options.FrontDoor = false;
}

/// <summary>
/// A tenant's customer subscribed to a plan, and the calls a test makes on it. It reaches the cluster
/// through <paramref name="cluster"/> each call, so a test that restarts its silo keeps the same subscriber
/// (and the same run of idempotency keys).
/// </summary>
internal sealed class Subscriber(Func<IGrainFactory> cluster, string tenant, string customer, string subscription, string walletId)
{
    public const long Usd = CyclePlans.Usd;
    private int _calls;

    public string Tenant => tenant;
    public string WalletId => walletId;

    public static Task<Subscriber> SubscribeAsync(IGrainFactory grains, PlanTerms terms, string? tenant = null) =>
        SubscribeAsync(() => grains, terms, tenant);

    public static async Task<Subscriber> SubscribeAsync(Func<IGrainFactory> cluster, PlanTerms terms, string? tenant = null)
    {
        var grains = cluster();
        tenant ??= $"cycles-{Guid.NewGuid():N}"[..20];
        var saved = await grains.Plan(tenant, "plan").SaveDraft(null, terms);
        Assert.True(saved.IsAccepted, saved.Refusal?.Message);
        Assert.True((await grains.Plan(tenant, "plan").Publish(1)).IsAccepted);
        var subscribed = await grains.Customer(tenant, "cust").Subscribe(new Subscribe("sub-1", "plan", null));
        Assert.True(subscribed.IsAccepted, subscribed.Refusal?.Message);
        var subscription = subscribed.Receipt!.Subscription;
        return new Subscriber(cluster, tenant, "cust", subscription.Id, subscription.WalletId);
    }

    public string SubscriptionId => subscription;

    private IGrainFactory Grains => cluster();

    public ISubscriptionCycleGrain Cycle => Grains.SubscriptionCycle(tenant, customer, subscription);

    public IWalletGrain Wallet => Grains.Wallet(tenant, walletId);

    public IInvoiceBookGrain Invoices => Grains.InvoiceBook(tenant);

    public ICustomerGrain Customer => Grains.Customer(tenant, customer);

    /// <summary>An LLM call of <paramref name="tokens"/> input tokens at USD 0.00005 each (20,000 tokens = USD 1).</summary>
    public Task<Reply<DebitReceipt>> Call(long tokens) =>
        Wallet.Debit(new DebitWallet($"call-{++_calls}", new Charge(null, null, new RatedUsage("m", "p", [new RatedLine(0, tokens, 0.00005m)], false, null), null), null));

    /// <summary>LLM cost the platform rated itself, debited as USD under the <c>llm_cost</c> metric.</summary>
    public Task<Reply<DebitReceipt>> Cost(long nanoDollars) =>
        Wallet.Debit(new DebitWallet($"cost-{++_calls}", new Charge(new Amount(nanoDollars, "usd"), new ChargeContext(Metrics.LlmCost, null, null), null, null), null));
}
