using Grpc.Core;
using Waterfall.Contracts;
using Waterfall.Contracts.Billing;
using Waterfall.Domain.Customers;
using Waterfall.FrontDoor.Auth;
using Waterfall.FrontDoor.Mapping;
using V1 = Waterfall.Api.V1;

namespace Waterfall.FrontDoor.Services.Billing;

/// <summary>
/// Customers over gRPC. A debit by customer asks the customer grain for its main wallet and debits that
/// wallet directly, so the hot path meets the customer only to find the wallet.
/// </summary>
public sealed class CustomerApi(IGrainFactory grains, WalletGrains wallets, TenantDirectory tenants) : V1.CustomerService.CustomerServiceBase
{
    public override async Task<V1.Customer> SaveCustomer(V1.SaveCustomerRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Admin);
        var read = new RequestReader();
        var customerId = CustomerId(read, request.CustomerId);
        read.ThrowIfInvalid();
        var customer = grains.Customer(caller.TenantId, customerId);
        var profile = new CustomerProfile(Empty(request.ExternalId), Empty(request.Name), Empty(request.Email));
        BillingReplies.Accepted(await customer.Save(profile));
        return BillingResponses.Customer(BillingReplies.Accepted(await customer.Get()));
    }

    public override async Task<V1.Customer> GetCustomer(V1.GetCustomerRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Read);
        var read = new RequestReader();
        var customerId = CustomerId(read, request.CustomerId);
        read.ThrowIfInvalid();
        return BillingResponses.Customer(BillingReplies.Accepted(await grains.Customer(caller.TenantId, customerId).Get()));
    }

    public override async Task<V1.CustomerWallet> AddCustomerWallet(V1.AddCustomerWalletRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Admin);
        var read = new RequestReader();
        var customerId = CustomerId(read, request.CustomerId);
        var walletId = read.Id(request.WalletId, "wallet_id");
        var key = read.Id(request.IdempotencyKey, "idempotency_key");
        var role = request.Role switch
        {
            V1.WalletRole.Main => WalletRole.Main,
            V1.WalletRole.Team => WalletRole.Team,
            V1.WalletRole.Unspecified or V1.WalletRole.Agent => WalletRole.Agent,
            _ => Invalid(read),
        };
        read.ThrowIfInvalid();
        var added = BillingReplies.Accepted(await grains.Customer(caller.TenantId, customerId).AddWallet(key, new CustomerWallet(walletId, role, Empty(request.Name))));
        var view = await wallets.Get(caller.TenantId, added.WalletId).Get();
        return BillingResponses.Wallet(added, view.Receipt?.Balances ?? [], view.Receipt?.Quotas ?? []);
    }

    public override async Task<V1.SubscribeResponse> Subscribe(V1.SubscribeRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Admin);
        var read = new RequestReader();
        var customerId = CustomerId(read, request.CustomerId);
        var key = read.Id(request.IdempotencyKey, "idempotency_key");
        var planId = read.Id(request.PlanId, "plan_id");
        if (request.HasVersion && request.Version < 1) read.Violation("version", "must be 1 or more");
        read.ThrowIfInvalid();
        var subscribed = await grains.Customer(caller.TenantId, customerId).Subscribe(new Subscribe(key, planId, request.HasVersion ? request.Version : null));
        var receipt = BillingReplies.Accepted(subscribed);
        var response = new V1.SubscribeResponse { Subscription = BillingResponses.Subscription(receipt.Subscription), Replayed = subscribed.Replayed };
        response.GrantIds.AddRange(receipt.Grants);
        response.CampaignIds.AddRange(receipt.Campaigns);
        return response;
    }

    public override async Task<V1.Subscription> ChangePlan(V1.ChangePlanRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Admin);
        var read = new RequestReader();
        var customerId = CustomerId(read, request.CustomerId);
        var subscriptionId = read.Id(request.SubscriptionId, "subscription_id");
        var planId = read.Id(request.PlanId, "plan_id");
        if (request.HasVersion && request.Version < 1) read.Violation("version", "must be 1 or more");
        read.ThrowIfInvalid();
        var change = new ChangePlan(subscriptionId, planId, request.HasVersion ? request.Version : null, request.Immediately);
        return BillingResponses.Subscription(BillingReplies.Accepted(await grains.Customer(caller.TenantId, customerId).ChangePlan(change)));
    }

    public override async Task<V1.Subscription> CancelSubscription(V1.CancelSubscriptionRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Admin);
        var read = new RequestReader();
        var customerId = CustomerId(read, request.CustomerId);
        var subscriptionId = read.Id(request.SubscriptionId, "subscription_id");
        read.ThrowIfInvalid();
        var cancel = new Contracts.Billing.CancelSubscription(subscriptionId, request.AtPeriodEnd);
        return BillingResponses.Subscription(BillingReplies.Accepted(await grains.Customer(caller.TenantId, customerId).Cancel(cancel)));
    }

    public override async Task<V1.DebitResponse> DebitCustomer(V1.DebitCustomerRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Meter);
        var read = new RequestReader();
        var customerId = CustomerId(read, request.CustomerId);
        var key = read.Id(request.IdempotencyKey, "idempotency_key");
        if (request.Strategy is not ("" or "WATERFALL" or "waterfall"))
            read.Violation("strategy", "must be WATERFALL (grants burn by priority, then soonest expiry, then oldest); it is the only burn order");
        var amount = read.Amount(new V1.Amount { Value = request.Amount, Unit = string.IsNullOrEmpty(request.Unit) ? "usd" : request.Unit }, "amount");
        var chargeContext = new ChargeContext(read.OptionalText(request.Metric, "metric", 128), read.OptionalText(request.Model, "model", 128), read.OptionalText(request.Provider, "provider", 128));
        var attribution = (read.Attribution(request.Attribution) ?? new Attribution()) with { CustomerId = customerId };
        read.ThrowIfInvalid();

        var main = BillingReplies.Accepted(await grains.Customer(caller.TenantId, customerId).MainWallet());
        var debited = await wallets.Get(caller.TenantId, main.WalletId).Debit(new DebitWallet(key, new Charge(amount, chargeContext, null, null), attribution));
        var receipt = BillingReplies.Accepted(debited);
        var response = new V1.DebitResponse { Sequence = receipt.Sequence, Coverage = ResponseWriter.Coverage(receipt.Coverage), Replayed = debited.Replayed };
        response.AvailableAfter.AddRange(receipt.AvailableAfter.Select(ResponseWriter.Amount));
        return response;
    }

    private static string CustomerId(RequestReader read, string id)
    {
        read.Id(id, "customer_id");
        if (id.Length > Customer.MaxIdLength) read.Violation("customer_id", $"must be at most {Customer.MaxIdLength} characters");
        return id;
    }

    private static string? Empty(string value) => string.IsNullOrEmpty(value) ? null : value;

    private static WalletRole Invalid(RequestReader read)
    {
        read.Violation("role", "is not a wallet role");
        return WalletRole.Agent;
    }
}
