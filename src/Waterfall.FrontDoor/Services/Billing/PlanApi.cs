using Grpc.Core;
using Waterfall.Contracts.Billing;
using Waterfall.Domain.Money;
using Waterfall.FrontDoor.Auth;
using Waterfall.FrontDoor.Mapping;
using V1 = Waterfall.Api.V1;

namespace Waterfall.FrontDoor.Services.Billing;

/// <summary>Rate plans over gRPC: authenticate, read the message, call the tenant's plan grain, write its answer.</summary>
public sealed class PlanApi(IGrainFactory grains, TenantDirectory tenants) : V1.PlanService.PlanServiceBase
{
    public override async Task<V1.Plan> SavePlanDraft(V1.SavePlanDraftRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Admin);
        var read = new RequestReader();
        var planId = read.Id(request.PlanId, "plan_id");
        var terms = BillingRequests.Terms(read, request.Terms);
        read.ThrowIfInvalid();
        var saved = await grains.Plan(caller.TenantId, planId).SaveDraft(request.HasVersion ? request.Version : null, terms);
        return BillingResponses.Plan(BillingReplies.Accepted(saved));
    }

    public override async Task<V1.Plan> PublishPlan(V1.PublishPlanRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Admin);
        var read = new RequestReader();
        var planId = read.Id(request.PlanId, "plan_id");
        if (request.Version < 1) read.Violation("version", "must be 1 or more");
        read.ThrowIfInvalid();
        return BillingResponses.Plan(BillingReplies.Accepted(await grains.Plan(caller.TenantId, planId).Publish(request.Version)));
    }

    public override async Task<V1.Plan> GetPlan(V1.GetPlanRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Read);
        var read = new RequestReader();
        var planId = read.Id(request.PlanId, "plan_id");
        read.ThrowIfInvalid();
        return BillingResponses.Plan(BillingReplies.Accepted(await grains.Plan(caller.TenantId, planId).Get()));
    }

    public override async Task<V1.PriceQuantityResponse> PriceQuantity(V1.PriceQuantityRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Read);
        var read = new RequestReader();
        var planId = read.Id(request.PlanId, "plan_id");
        var metric = read.Id(request.Metric, "metric");
        if (!Decimals.TryParse(request.Quantity, out var quantity) || quantity < 0) read.Violation("quantity", "must be a non-negative decimal number");
        read.ThrowIfInvalid();
        var plan = BillingReplies.Accepted(await grains.Plan(caller.TenantId, planId).Get());
        var version = plan.Find(request.Version)
            ?? throw RpcErrors.From(Domain.Refusal.Of(Domain.Plans.BillingReasons.PlanVersionNotFound, $"Plan '{planId}' has no version {request.Version}."));
        if (!version.ToRatePlan(planId).TryPrice(metric, quantity, out var price))
            throw RpcErrors.Invalid([new("metric", $"plan '{planId}' v{version.Number} does not price '{metric}'")]);
        return new V1.PriceQuantityResponse { PriceUsd = Decimals.Format(price), Price = NanoDollars.Round(price) };
    }
}
