using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Waterfall.Contracts.Keys;
using Waterfall.FrontDoor.Auth;
using V1 = Waterfall.Api.V1;

namespace Waterfall.FrontDoor.Services;

/// <summary>Wallet keys over gRPC: authenticate an admin key, hand the request to <see cref="WalletKeys"/>, map its answer.</summary>
public sealed class KeyApi(WalletKeys keys, TenantDirectory tenants) : V1.KeyService.KeyServiceBase
{
    public override async Task<V1.WalletKey> CreateWalletKey(V1.CreateWalletKeyRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Admin);
        var cap = request.PerRequestCap is { } c ? new Contracts.Amount(c.Value, c.Unit) : null;
        var issued = Accepted(await keys.CreateAsync(caller.TenantId,
            new WalletKeyRequest(request.WalletId, request.Name, request.AgentId, [.. request.AllowedModels], cap), context.CancellationToken));
        var answer = Write(issued.Key);
        answer.Secret = issued.Text;
        return answer;
    }

    public override async Task<V1.ListWalletKeysResponse> ListWalletKeys(V1.ListWalletKeysRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Admin);
        var response = new V1.ListWalletKeysResponse();
        response.Keys.AddRange(Accepted(await keys.ListAsync(caller.TenantId, request.WalletId, context.CancellationToken)).Select(Write));
        return response;
    }

    public override async Task<V1.WalletKey> RevokeWalletKey(V1.RevokeWalletKeyRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Admin);
        return Write(Accepted(await keys.RevokeAsync(caller.TenantId, request.WalletId, request.KeyId, context.CancellationToken)));
    }

    /// <summary>A key without its secret: the secret exists only in the create answer.</summary>
    internal static V1.WalletKey Write(WalletKeyRecord key)
    {
        var message = new V1.WalletKey
        {
            KeyId = key.KeyId,
            WalletId = key.WalletId,
            AgentId = key.AgentId ?? "",
            Name = key.Name,
            PerRequestCap = key.PerRequestCap is { } cap ? new V1.Amount { Value = cap, Unit = "usd" } : null,
            CreatedAt = Timestamp.FromDateTimeOffset(key.CreatedAt),
            RevokedAt = key.RevokedAt is { } revoked ? Timestamp.FromDateTimeOffset(revoked) : null,
        };
        message.AllowedModels.AddRange(key.AllowedModels);
        return message;
    }

    private static T Accepted<T>(WalletKeyAnswer<T> answer) where T : class =>
        answer.Value ?? throw RpcErrors.From(answer.Refusal!);
}
