using Grpc.Core;
using Waterfall.Contracts.Billing;
using Waterfall.Domain.Campaigns;
using Waterfall.FrontDoor.Auth;
using Waterfall.FrontDoor.Mapping;
using V1 = Waterfall.Api.V1;

namespace Waterfall.FrontDoor.Services.Billing;

/// <summary>Campaigns over gRPC: the campaign grain decides every redemption; this maps the messages.</summary>
public sealed class CampaignApi(IGrainFactory grains, TenantDirectory tenants) : V1.CampaignService.CampaignServiceBase
{
    public override async Task<V1.Campaign> SaveCampaign(V1.SaveCampaignRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Admin);
        var read = new RequestReader();
        var campaignId = CampaignId(read, request.CampaignId);
        var terms = BillingRequests.Campaign(read, request.Terms);
        read.ThrowIfInvalid();
        return BillingResponses.Campaign(BillingReplies.Accepted(await grains.Campaign(caller.TenantId, campaignId).Define(terms)));
    }

    public override async Task<V1.Campaign> GetCampaign(V1.GetCampaignRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Read);
        var read = new RequestReader();
        var campaignId = CampaignId(read, request.CampaignId);
        read.ThrowIfInvalid();
        return BillingResponses.Campaign(BillingReplies.Accepted(await grains.Campaign(caller.TenantId, campaignId).Get()));
    }

    public override async Task<V1.Redemption> RedeemCampaign(V1.RedeemCampaignRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Admin);
        var read = new RequestReader();
        var campaignId = CampaignId(read, request.CampaignId);
        var walletId = read.OptionalId(request.WalletId, "wallet_id");
        var customerId = read.OptionalId(request.CustomerId, "customer_id");
        var planId = read.OptionalId(request.PlanId, "plan_id");
        if (walletId is null && customerId is null) read.Violation("wallet_id", "is required (or customer_id, for the customer's main wallet)");
        read.ThrowIfInvalid();
        walletId ??= BillingReplies.Accepted(await grains.Customer(caller.TenantId, customerId!).MainWallet()).WalletId;
        var redeemed = await grains.Campaign(caller.TenantId, campaignId).Redeem(new RedemptionRequest(walletId, customerId, planId, NewSubscription: false));
        var redemption = BillingReplies.Accepted(redeemed);
        return BillingResponses.Redemption(campaignId, redemption, redeemed.Replayed);
    }

    private static string CampaignId(RequestReader read, string id)
    {
        read.Id(id, "campaign_id");
        if (id.Length > Campaign.MaxIdLength) read.Violation("campaign_id", $"must be at most {Campaign.MaxIdLength} characters");
        return id;
    }
}
