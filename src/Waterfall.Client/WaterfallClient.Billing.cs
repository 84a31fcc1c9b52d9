using Waterfall.Api.V1;

namespace Waterfall.Client;

// Plans, customers, subscriptions and campaigns: the billing context's calls.
public sealed partial class WaterfallClient
{
    private PlanService.PlanServiceClient Plans => field ??= new PlanService.PlanServiceClient(_connection);
    private CustomerService.CustomerServiceClient Customers => field ??= new CustomerService.CustomerServiceClient(_connection);
    private CampaignService.CampaignServiceClient Campaigns => field ??= new CampaignService.CampaignServiceClient(_connection);

    /// <summary>Writes a plan's draft (the next version after a published one).</summary>
    public Task<Plan> SavePlanDraftAsync(string planId, PlanTerms terms, int? version = null, CancellationToken cancellationToken = default)
    {
        var request = new SavePlanDraftRequest { PlanId = planId, Terms = terms };
        if (version is { } v) request.Version = v;
        return Call((o, r) => Plans.SavePlanDraftAsync(r, o), request, cancellationToken);
    }

    public Task<Plan> PublishPlanAsync(string planId, int version, CancellationToken cancellationToken = default) =>
        Call((o, r) => Plans.PublishPlanAsync(r, o), new PublishPlanRequest { PlanId = planId, Version = version }, cancellationToken);

    public Task<Plan> GetPlanAsync(string planId, CancellationToken cancellationToken = default) =>
        Call((o, r) => Plans.GetPlanAsync(r, o), new GetPlanRequest { PlanId = planId }, cancellationToken);

    /// <summary>What a plan version's charge makes of a quantity of its metric.</summary>
    public Task<PriceQuantityResponse> PriceQuantityAsync(string planId, int version, string metric, decimal quantity, CancellationToken cancellationToken = default) =>
        Call((o, r) => Plans.PriceQuantityAsync(r, o),
            new PriceQuantityRequest { PlanId = planId, Version = version, Metric = metric, Quantity = quantity.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            cancellationToken);

    public Task<Customer> SaveCustomerAsync(string customerId, string? externalId = null, string? name = null, string? email = null, CancellationToken cancellationToken = default) =>
        Call((o, r) => Customers.SaveCustomerAsync(r, o),
            new SaveCustomerRequest { CustomerId = customerId, ExternalId = externalId ?? "", Name = name ?? "", Email = email ?? "" }, cancellationToken);

    public Task<Customer> GetCustomerAsync(string customerId, CancellationToken cancellationToken = default) =>
        Call((o, r) => Customers.GetCustomerAsync(r, o), new GetCustomerRequest { CustomerId = customerId }, cancellationToken);

    /// <summary>Opens a wallet the customer owns (an agent's or a team's).</summary>
    public Task<CustomerWallet> AddCustomerWalletAsync(string customerId, string walletId, WalletRole role = WalletRole.Agent, string? name = null,
        string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        Call((o, r) => Customers.AddCustomerWalletAsync(r, o),
            new AddCustomerWalletRequest { CustomerId = customerId, WalletId = walletId, Role = role, Name = name ?? "", IdempotencyKey = idempotencyKey ?? NewKey() },
            cancellationToken);

    /// <summary>Subscribes a customer to a plan's latest published version (or <paramref name="version"/>); a repeat with the same key changes nothing.</summary>
    public Task<SubscribeResponse> SubscribeAsync(string customerId, string planId, int? version = null, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var request = new SubscribeRequest { CustomerId = customerId, PlanId = planId, IdempotencyKey = idempotencyKey ?? NewKey() };
        if (version is { } v) request.Version = v;
        return Call((o, r) => Customers.SubscribeAsync(r, o), request, cancellationToken);
    }

    public Task<Subscription> ChangePlanAsync(string customerId, string subscriptionId, string planId, int? version = null, bool immediately = false, CancellationToken cancellationToken = default)
    {
        var request = new ChangePlanRequest { CustomerId = customerId, SubscriptionId = subscriptionId, PlanId = planId, Immediately = immediately };
        if (version is { } v) request.Version = v;
        return Call((o, r) => Customers.ChangePlanAsync(r, o), request, cancellationToken);
    }

    public Task<Subscription> CancelSubscriptionAsync(string customerId, string subscriptionId, bool atPeriodEnd = true, CancellationToken cancellationToken = default) =>
        Call((o, r) => Customers.CancelSubscriptionAsync(r, o),
            new CancelSubscriptionRequest { CustomerId = customerId, SubscriptionId = subscriptionId, AtPeriodEnd = atPeriodEnd }, cancellationToken);

    /// <summary>Debits the customer's main wallet, in the waterfall's burn order.</summary>
    public Task<DebitResponse> DebitCustomerAsync(string customerId, Amount amount, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        Call((o, r) => Customers.DebitCustomerAsync(r, o),
            new DebitCustomerRequest { CustomerId = customerId, Amount = amount.Value, Unit = amount.Unit, Strategy = "WATERFALL", IdempotencyKey = idempotencyKey ?? NewKey() },
            cancellationToken);

    public Task<Campaign> SaveCampaignAsync(string campaignId, CampaignTerms terms, CancellationToken cancellationToken = default) =>
        Call((o, r) => Campaigns.SaveCampaignAsync(r, o), new SaveCampaignRequest { CampaignId = campaignId, Terms = terms }, cancellationToken);

    public Task<Campaign> GetCampaignAsync(string campaignId, CancellationToken cancellationToken = default) =>
        Call((o, r) => Campaigns.GetCampaignAsync(r, o), new GetCampaignRequest { CampaignId = campaignId }, cancellationToken);

    /// <summary>Redeems a campaign for a wallet, or (no wallet) for the customer's main wallet; again for the same wallet is a replay.</summary>
    public Task<Redemption> RedeemCampaignAsync(string campaignId, string? walletId = null, string? customerId = null, string? planId = null, CancellationToken cancellationToken = default) =>
        Call((o, r) => Campaigns.RedeemCampaignAsync(r, o),
            new RedeemCampaignRequest { CampaignId = campaignId, WalletId = walletId ?? "", CustomerId = customerId ?? "", PlanId = planId ?? "" }, cancellationToken);
}
