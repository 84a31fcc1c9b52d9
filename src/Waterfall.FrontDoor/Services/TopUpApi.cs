using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Waterfall.Contracts.Settlement;
using Waterfall.Domain.Settlement;
using Waterfall.FrontDoor.Auth;
using Waterfall.FrontDoor.Mapping;
using Waterfall.TopUps;
using Waterfall.X402;
using V1 = Waterfall.Api.V1;

namespace Waterfall.FrontDoor.Services;

/// <summary>Wallet top-ups over gRPC: authenticate, read the request, and hand it to <see cref="WalletTopUps"/>.</summary>
public sealed class TopUpApi(WalletTopUps topUps, TenantDirectory tenants) : V1.TopUpService.TopUpServiceBase
{
    public override async Task<V1.TopUpRequirements> GetTopUpRequirements(V1.GetTopUpRequirementsRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Meter);
        var read = new RequestReader();
        var walletId = read.Id(request.WalletId, "wallet_id");
        var amount = ReadUsd(read, request.Amount);
        read.ThrowIfInvalid();

        return Write(Accepted(await topUps.RequirementsAsync(caller.TenantId, walletId, amount, request.Network, ResourceUrl(walletId))));
    }

    public override async Task<V1.TopUpResponse> TopUp(V1.TopUpRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Meter);
        var read = new RequestReader();
        var walletId = read.Id(request.WalletId, "wallet_id");
        var amount = ReadUsd(read, request.Amount);
        if (string.IsNullOrWhiteSpace(request.PaymentSignature)) read.Violation("payment_signature", "is required (the PAYMENT-SIGNATURE header value)");
        TimeSpan? wait = null;
        if (request.Wait is { } duration)
        {
            wait = read.Span(duration, "wait");
            if (wait < TimeSpan.Zero || wait > TimeSpan.FromMinutes(10)) read.Violation("wait", "must be between 0 and 10 minutes");
        }
        read.ThrowIfInvalid();

        return Write(Accepted(await topUps.PayAsync(caller.TenantId, walletId, amount, request.PaymentSignature.Trim(), wait, context.CancellationToken)));
    }

    public override async Task<V1.TopUpResponse> GetTopUp(V1.GetTopUpRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Read);
        var read = new RequestReader();
        var walletId = read.Id(request.WalletId, "wallet_id");
        if (request.Nonce is not { Length: 66 } || !request.Nonce.StartsWith("0x", StringComparison.Ordinal)) read.Violation("nonce", "must be 0x + 64 hex digits");
        read.ThrowIfInvalid();
        return Write(Accepted(await topUps.GetAsync(caller.TenantId, walletId, request.Nonce)));
    }

    /// <summary>A name for the wallet's top-up in x402's resource field; the HTTP API uses its real URL.</summary>
    internal static string ResourceUrl(string walletId) => $"waterfall:wallets/{walletId}/top-up";

    private static long ReadUsd(RequestReader read, V1.Amount? amount)
    {
        if (amount is null) { read.Violation("amount", "is required"); return 0; }
        if (amount.Unit != "usd") read.Violation("amount.unit", "must be \"usd\" (nano-dollars)");
        if (amount.Value <= 0) read.Violation("amount.value", "must be positive");
        return amount.Value;
    }

    private static V1.TopUpResponse Write(TopUp topUp) => new()
    {
        Nonce = topUp.Nonce,
        Network = topUp.Network,
        Payer = topUp.Payer,
        Amount = new V1.Amount { Value = topUp.AmountNanos, Unit = "usd" },
        GrantId = topUp.Grant ?? "",
        State = StateOf(topUp.State),
        TransactionHash = topUp.TransactionHash ?? "",
        FailureReason = topUp.FailureReason ?? "",
        Replayed = topUp.Replayed,
        PaymentResponse = X402Headers.EncodePaymentResponse(topUp.ToSettleResponse()),
    };

    internal static V1.TopUpState StateOf(SettlementState state) => state switch
    {
        SettlementState.Queued => V1.TopUpState.Queued,
        SettlementState.Submitted => V1.TopUpState.Submitted,
        SettlementState.Settled => V1.TopUpState.Settled,
        SettlementState.Failed => V1.TopUpState.Failed,
        _ => V1.TopUpState.Unspecified,
    };

    /// <summary>The requirements on the wire: the header value and each option spelled out.</summary>
    internal static V1.TopUpRequirements Write(PaymentRequired required)
    {
        var response = new V1.TopUpRequirements { PaymentRequired = X402Headers.EncodePaymentRequired(required) };
        response.Accepts.AddRange(required.Accepts.Select(a => new V1.PaymentOption
        {
            Scheme = a.Scheme, Network = a.Network, Amount = a.Amount, Asset = a.Asset, PayTo = a.PayTo, MaxTimeoutSeconds = a.MaxTimeoutSeconds,
            AssetName = a.ExtraString("name") ?? "", AssetVersion = a.ExtraString("version") ?? "",
        }));
        return response;
    }

    internal static T Accepted<T>(TopUpAnswer<T> answer) where T : class =>
        answer.Value ?? throw RpcErrors.From(answer.Refusal!);
}
