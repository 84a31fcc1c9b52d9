using Grpc.Core;
using Waterfall.Contracts;
using Waterfall.FrontDoor.Auth;
using Waterfall.FrontDoor.Mapping;
using V1 = Waterfall.Api.V1;

namespace Waterfall.FrontDoor.Services;

/// <summary>The refill rule's calls (docs/refill.md): the same wallet grain, through its refill interface.</summary>
public sealed partial class WalletApi
{
    public override async Task<V1.SetRefillRuleResponse> SetRefillRule(V1.SetRefillRuleRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Admin);
        var read = new RequestReader();
        var walletId = read.Id(request.WalletId, "wallet_id");
        var key = read.Id(request.IdempotencyKey, "idempotency_key");
        var rule = RefillMapping.Read(read, request.Rule);
        read.ThrowIfInvalid();

        var receipt = Accepted(await Refills(caller, walletId).SetRefillRule(key, rule), out var replayed);
        return new V1.SetRefillRuleResponse { Sequence = receipt.Sequence, Refill = RefillMapping.Write(receipt.State), Replayed = replayed };
    }

    public override async Task<V1.ClearRefillRuleResponse> ClearRefillRule(V1.ClearRefillRuleRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Admin);
        var read = new RequestReader();
        var walletId = read.Id(request.WalletId, "wallet_id");
        var key = read.Id(request.IdempotencyKey, "idempotency_key");
        read.ThrowIfInvalid();

        var receipt = Accepted(await Refills(caller, walletId).ClearRefillRule(key), out var replayed);
        return new V1.ClearRefillRuleResponse { Sequence = receipt.Sequence, Refill = RefillMapping.Write(receipt.State), Replayed = replayed };
    }

    private IWalletRefillGrain Refills(Caller caller, string walletId) => grains.Get(caller.TenantId, walletId).AsReference<IWalletRefillGrain>();
}
