using System.Globalization;
using System.Numerics;
using Microsoft.Extensions.Options;
using Waterfall.Chain.Primitives;
using Waterfall.Contracts;
using Waterfall.Contracts.Settlement;
using Waterfall.Domain.Settlement;
using Waterfall.X402;
using NanoDollars = Waterfall.Domain.Money.NanoDollars;
using Reasons = Waterfall.Domain.Reasons;

namespace Waterfall.TopUps;

/// <summary>
/// Funding a wallet over x402, independent of the transport: the payment requirements for a wallet and
/// an amount, then a payment that is verified exactly like the facilitator verifies, handed to the
/// settlement grain of its network (which credits the wallet once per authorization nonce), and followed
/// to its settlement. Nothing is credited for a payment that does not verify.
/// </summary>
public sealed class WalletTopUps(X402Networks networks, ExactEvmVerifier verifier, IGrainFactory grains, IOptions<TopUpOptions> options)
{
    private TopUpOptions Options => options.Value;

    /// <summary>Networks that accept top-ups (those with a TopUpPayTo).</summary>
    public IReadOnlyList<X402Network> Networks { get; } = networks.All.Where(n => n.TopUpPayTo is not null).ToArray();

    /// <summary>What to pay for <paramref name="amountNanos"/> into the wallet: one requirement per top-up network (or only <paramref name="network"/>).</summary>
    public async Task<TopUpAnswer<PaymentRequired>> RequirementsAsync(string tenantId, string walletId, long amountNanos, string? network, string resourceUrl, string? error = PaymentRequirementsFactory.PaymentRequiredError)
    {
        if (CheckAmount(amountNanos, out var atomic) is { } invalid) return invalid;
        // Nobody should sign a payment for a wallet that cannot take it.
        if ((await grains.Wallet(tenantId, walletId).Get()).Refusal is { } missing) return missing;
        var offered = Networks.Where(n => string.IsNullOrEmpty(network) || n.Id == network || n.V1Name == network).ToArray();
        if (offered.Length == 0) return Unavailable(network);
        var resource = new ResourceInfo
        {
            Url = resourceUrl,
            Description = $"Top up wallet {walletId} by USD {FormatUsd(amountNanos)}",
            MimeType = "application/json",
        };
        return PaymentRequirementsFactory.PaymentRequired(
            resource, offered.Select(n => PaymentRequirementsFactory.Create(n, n.TopUpPayTo!.Value, new BigInteger(atomic), Options.MaxTimeoutSeconds)), error);
    }

    /// <summary>
    /// Verifies a v2 payment (the PAYMENT-SIGNATURE header) for this wallet and amount, credits the wallet,
    /// and waits up to <paramref name="wait"/> for the settlement on chain.
    /// </summary>
    public async Task<TopUpAnswer<TopUp>> PayAsync(string tenantId, string walletId, long amountNanos, string paymentSignature, TimeSpan? wait, CancellationToken cancellationToken)
    {
        if (CheckAmount(amountNanos, out var atomic) is { } invalid) return invalid;
        PaymentPayload payload;
        try
        {
            payload = X402Headers.DecodePaymentSignature(paymentSignature);
        }
        catch (X402FormatException e)
        {
            return PaymentRefusal(ExactEvmScheme.Reasons.InvalidPayload, e.Message);
        }
        var network = Networks.FirstOrDefault(n => n.Id == payload.Accepted.Network);
        if (network is null) return PaymentRefusal(ExactEvmScheme.Reasons.InvalidNetwork, $"network {payload.Accepted.Network} does not accept top-ups here");
        var requirements = PaymentRequirementsFactory.Create(network, network.TopUpPayTo!.Value, atomic, Options.MaxTimeoutSeconds);
        if (await ReplayOf(network, payload.Payload, tenantId, walletId, amountNanos) is { } replay)
            return SignedByPayer(await verifier.CheckSignatureAsync(payload, requirements, cancellationToken)) is { } forged ? forged : replay;
        var verification = await verifier.CheckAsync(payload, requirements, simulate: true, cancellationToken);
        return await Accept(tenantId, walletId, network, verification, wait);
    }

    /// <summary>The same for an x402 v1 payment (the X-PAYMENT header).</summary>
    public async Task<TopUpAnswer<TopUp>> PayV1Async(string tenantId, string walletId, long amountNanos, string xPayment, string resourceUrl, TimeSpan? wait, CancellationToken cancellationToken)
    {
        if (CheckAmount(amountNanos, out var atomic) is { } invalid) return invalid;
        PaymentPayloadV1 payload;
        try
        {
            payload = X402Headers.DecodeXPayment(xPayment);
        }
        catch (X402FormatException e)
        {
            return PaymentRefusal(ExactEvmScheme.Reasons.InvalidPayload, e.Message);
        }
        var network = Networks.FirstOrDefault(n => n.V1Name is not null && n.V1Name == payload.Network);
        if (network is null) return PaymentRefusal(ExactEvmScheme.Reasons.InvalidNetwork, $"network {payload.Network} does not accept top-ups here");
        var requirements = new PaymentRequirementsFactory(networks).CreateV1(
            network.Id, network.TopUpPayTo!.Value, atomic, resourceUrl, maxTimeoutSeconds: Options.MaxTimeoutSeconds);
        if (await ReplayOf(network, payload.Payload, tenantId, walletId, amountNanos) is { } replay)
            return SignedByPayer(await verifier.CheckSignatureAsync(payload, requirements, cancellationToken)) is { } forged ? forged : replay;
        var verification = await verifier.CheckAsync(payload, requirements, simulate: true, cancellationToken);
        return await Accept(tenantId, walletId, network, verification, wait);
    }

    /// <summary>A top-up of this wallet by its authorization nonce.</summary>
    public async Task<TopUpAnswer<TopUp>> GetAsync(string tenantId, string walletId, string nonce)
    {
        foreach (var network in Networks)
        {
            var status = await Settlement(network).GetStatus(nonce);
            if (status is not null && Owns(status, tenantId, walletId)) return TopUp.From(status, network.Id, replayed: false);
        }
        return Refused(Reasons.TopUpNotFound, $"Wallet {walletId} has no top-up with nonce {nonce}.");
    }

    private async Task<TopUpAnswer<TopUp>> Accept(string tenantId, string walletId, X402Network network, ExactEvmVerification verification, TimeSpan? wait)
    {
        if (!verification.IsValid || verification.Payment is not { } payment)
            return PaymentRefusal(verification.Response.InvalidReason ?? ExactEvmScheme.Reasons.InvalidPayload, verification.Response.InvalidMessage, verification.Response.Payer);
        var authorization = payment.Authorization;
        if (authorization.ValidAfter > long.MaxValue || authorization.ValidBefore > long.MaxValue)
            return PaymentRefusal(ExactEvmScheme.Reasons.InvalidPayload, "validAfter and validBefore must be Unix times (below 2^63)", payment.Payer.ToString());

        var grain = Settlement(network);
        var ticket = await grain.Submit(new SettlementRequest(
            tenantId, walletId, payment.Payer.ToString(), payment.PayTo.ToString(), (long)authorization.Value,
            (long)authorization.ValidAfter, (long)authorization.ValidBefore, authorization.Nonce.ToString(), Hex.Encode(payment.Signature)));
        if (ticket.Refusal is { } refusal) return refusal;
        var status = ticket.Status!;
        if (!Owns(status, tenantId, walletId))
            // The same authorization already paid for another wallet: it credits nothing here.
            return PaymentRefusal(ExactEvmScheme.Reasons.NonceAlreadyUsed, "this authorization has already paid for a top-up", payment.Payer.ToString());

        var timeout = wait ?? Options.SettlementWait;
        if (timeout > TimeSpan.Zero && status.State is SettlementState.Queued or SettlementState.Submitted)
            status = await grain.WaitForOutcome(status.Nonce, timeout) ?? status;
        return TopUp.From(status, network.Id, ticket.Replayed);
    }

    /// <summary>The refusal of a retry whose signature is not the payer's: a known nonce alone proves nothing.</summary>
    internal static Refusal? SignedByPayer(ExactEvmVerification signature) =>
        signature.IsValid ? null : PaymentRefusal(signature.Response.InvalidReason ?? ExactEvmScheme.Reasons.InvalidSignature, signature.Response.InvalidMessage, signature.Response.Payer);

    /// <summary>
    /// The same payment sent again for the same wallet and amount (a client retrying): answered with the
    /// first top-up once its signature checks out (not verified in full: once settled its nonce is spent on chain
    /// and its validity window may have passed).
    /// </summary>
    private async Task<TopUp?> ReplayOf(X402Network network, System.Text.Json.JsonElement payload, string tenantId, string walletId, long amountNanos)
    {
        if (payload.ValueKind != System.Text.Json.JsonValueKind.Object
            || !payload.TryGetProperty("authorization", out var authorization) || authorization.ValueKind != System.Text.Json.JsonValueKind.Object
            || !authorization.TryGetProperty("nonce", out var nonce) || nonce.ValueKind != System.Text.Json.JsonValueKind.String
            || !authorization.TryGetProperty("from", out var from) || from.ValueKind != System.Text.Json.JsonValueKind.String)
            return null;
        var status = await Settlement(network).GetStatus(nonce.GetString()!);
        return status is not null && Owns(status, tenantId, walletId) && string.Equals(status.Payer, from.GetString(), StringComparison.OrdinalIgnoreCase)
            && NanoDollars.FromUsdcAtomicUnits(status.Value) == amountNanos
            ? TopUp.From(status, network.Id, replayed: true)
            : null;
    }

    private ISettlementGrain Settlement(X402Network network) =>
        grains.GetGrain<ISettlementGrain>(SettlementGrainKey.For(network.Id, network.Asset.ToString(), network.TopUpPayTo!.Value.ToString()));

    private static bool Owns(SettlementStatus status, string tenantId, string walletId) =>
        status.TenantId == tenantId && status.WalletId == walletId;

    private Refusal? CheckAmount(long amountNanos, out long atomic)
    {
        atomic = 0;
        if (amountNanos <= 0 || amountNanos > Options.MaxAmountNanos)
            return Invalid("amount", $"must be positive and at most USD {FormatUsd(Options.MaxAmountNanos)}");
        if (!NanoDollars.TryToUsdcAtomicUnits(amountNanos, out atomic))
            return Invalid("amount", "must be a whole number of USDC units (multiples of 1,000 nano-dollars, i.e. USD 0.000001)");
        return null;
    }

    private Refusal Unavailable(string? network) => Refused(Reasons.TopUpsUnavailable, network is { Length: > 0 }
        ? $"Network {network} does not accept top-ups here; networks that do: {string.Join(", ", Networks.Select(n => n.Id))}."
        : "No network accepts top-ups: configure TopUpPayTo and SettlementBatcher under Waterfall:X402:Networks.");

    private static Refusal Refused(string reason, string message) => new(reason, message, [], []);

    private static Refusal Invalid(string field, string description) =>
        new(Reasons.InvalidArgument, $"{field}: {description}", [new FieldViolation(field, description)], []);

    internal static Refusal PaymentRefusal(string x402Reason, string? message, string? payer = null)
    {
        var metadata = new Dictionary<string, string> { ["x402_reason"] = x402Reason };
        if (payer is not null) metadata["payer"] = payer;
        return new Refusal(Reasons.PaymentInvalid, message is { Length: > 0 } ? $"The payment was refused ({x402Reason}): {message}" : $"The payment was refused ({x402Reason}).", [], metadata);
    }

    internal static string FormatUsd(long nanos) => (nanos / 1_000_000_000m).ToString("0.00####", CultureInfo.InvariantCulture);
}
