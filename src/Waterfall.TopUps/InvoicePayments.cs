using System.Numerics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Waterfall.Chain.Primitives;
using Waterfall.Contracts;
using Waterfall.Contracts.Cycles;
using Waterfall.Contracts.Settlement;
using Waterfall.Domain.Invoices;
using Waterfall.Domain.Settlement;
using Waterfall.X402;
using NanoDollars = Waterfall.Domain.Money.NanoDollars;

namespace Waterfall.TopUps;

/// <summary>
/// Paying an issued invoice in USDC over x402, independent of the transport: the requirements for its amount
/// due (the same shape as a top-up's 402, to the same treasury), then a payment verified exactly like a top-up's
/// and handed to the settlement grain of its network with the invoice named, which holds it on the invoice and
/// marks the invoice paid once it settles on chain. One authorization nonce, one payment: the same payment sent
/// again answers the first result, and an invoice takes no second payment while one is settling or once paid.
/// </summary>
public sealed class InvoicePayments(X402Networks networks, ExactEvmVerifier verifier, IGrainFactory grains, IOptions<TopUpOptions> options)
{
    private TopUpOptions Options => options.Value;

    /// <summary>Networks that take payments (those with a TopUpPayTo: invoices are paid to the same treasury).</summary>
    public IReadOnlyList<X402Network> Networks { get; } = networks.All.Where(n => n.TopUpPayTo is not null).ToArray();

    /// <summary>What to pay for the invoice's amount due: one requirement per network (or only <paramref name="network"/>). Refused before anyone signs when the invoice cannot be paid.</summary>
    public async Task<TopUpAnswer<PaymentRequired>> RequirementsAsync(string tenantId, string invoiceId, string? network, string resourceUrl, string? error = PaymentRequirementsFactory.PaymentRequiredError)
    {
        var found = await grains.InvoiceBook(tenantId).Get(invoiceId);
        if (found.Receipt is not { } invoice) return found.Refusal!;
        if (invoice.RefusePayment() is { } refused) return refused.ToContract();
        var offered = Networks.Where(n => string.IsNullOrEmpty(network) || n.Id == network || n.V1Name == network).ToArray();
        if (offered.Length == 0) return Unavailable(network);
        var units = InvoicePayment.UsdcUnitsFor(invoice.AmountDue);
        var resource = new ResourceInfo
        {
            Url = resourceUrl,
            Description = $"Pay invoice {invoice.Number ?? invoice.Id}: USD {WalletTopUps.FormatUsd(NanoDollars.FromUsdcAtomicUnits(units))}",
            MimeType = "application/json",
        };
        return PaymentRequirementsFactory.PaymentRequired(
            resource, offered.Select(n => PaymentRequirementsFactory.Create(n, n.TopUpPayTo!.Value, new BigInteger(units), Options.MaxTimeoutSeconds)), error);
    }

    /// <summary>Verifies a v2 payment (PAYMENT-SIGNATURE) of the invoice, hands it to settlement, and waits up to <paramref name="wait"/> for it.</summary>
    public async Task<TopUpAnswer<InvoicePaymentResult>> PayAsync(string tenantId, string invoiceId, string paymentSignature, TimeSpan? wait, CancellationToken cancellationToken)
    {
        PaymentPayload payload;
        try { payload = X402Headers.DecodePaymentSignature(paymentSignature); }
        catch (X402FormatException e) { return WalletTopUps.PaymentRefusal(ExactEvmScheme.Reasons.InvalidPayload, e.Message); }
        var network = Networks.FirstOrDefault(n => n.Id == payload.Accepted.Network);
        if (network is null) return WalletTopUps.PaymentRefusal(ExactEvmScheme.Reasons.InvalidNetwork, $"network {payload.Accepted.Network} does not take payments here");
        return await PayAsync(tenantId, invoiceId, network, payload.Payload, wait,
            units => PaymentRequirementsFactory.Create(network, network.TopUpPayTo!.Value, units, Options.MaxTimeoutSeconds),
            r => verifier.CheckSignatureAsync(payload, r, cancellationToken), r => verifier.CheckAsync(payload, r, simulate: true, cancellationToken));
    }

    /// <summary>The same for an x402 v1 payment (the X-PAYMENT header).</summary>
    public async Task<TopUpAnswer<InvoicePaymentResult>> PayV1Async(string tenantId, string invoiceId, string xPayment, string resourceUrl, TimeSpan? wait, CancellationToken cancellationToken)
    {
        PaymentPayloadV1 payload;
        try { payload = X402Headers.DecodeXPayment(xPayment); }
        catch (X402FormatException e) { return WalletTopUps.PaymentRefusal(ExactEvmScheme.Reasons.InvalidPayload, e.Message); }
        var network = Networks.FirstOrDefault(n => n.V1Name is not null && n.V1Name == payload.Network);
        if (network is null) return WalletTopUps.PaymentRefusal(ExactEvmScheme.Reasons.InvalidNetwork, $"network {payload.Network} does not take payments here");
        return await PayAsync(tenantId, invoiceId, network, payload.Payload, wait,
            units => new PaymentRequirementsFactory(networks).CreateV1(network.Id, network.TopUpPayTo!.Value, units, resourceUrl, maxTimeoutSeconds: Options.MaxTimeoutSeconds),
            r => verifier.CheckSignatureAsync(payload, r, cancellationToken), r => verifier.CheckAsync(payload, r, simulate: true, cancellationToken));
    }

    private async Task<TopUpAnswer<InvoicePaymentResult>> PayAsync<TRequirements>(
        string tenantId, string invoiceId, X402Network network, JsonElement payload, TimeSpan? wait,
        Func<BigInteger, TRequirements> requirementsFor,
        Func<TRequirements, Task<ExactEvmVerification>> checkSignature,
        Func<TRequirements, Task<ExactEvmVerification>> verify)
    {
        var book = grains.InvoiceBook(tenantId);
        var found = await book.Get(invoiceId);
        if (found.Receipt is not { } invoice) return found.Refusal!;
        var grain = Settlement(network);

        // The same payment again (a client retrying): the first result, once the signature is the payer's.
        if (NonceAndPayer(payload) is var (nonce, from) && await grain.GetStatus(nonce) is { } known)
        {
            if (!PaysThis(known, tenantId, invoiceId) || !string.Equals(known.Payer, from, StringComparison.OrdinalIgnoreCase))
                return WalletTopUps.PaymentRefusal(ExactEvmScheme.Reasons.NonceAlreadyUsed, "this authorization has already been used for another payment", from);
            var signature = await checkSignature(requirementsFor(new BigInteger(known.Value)));
            if (WalletTopUps.SignedByPayer(signature) is { } forged) return forged;
            return await Answer(book, invoice, known, network, replayed: true, wait: null);
        }

        if (invoice.RefusePayment() is { } refused) return refused.ToContract();
        var verification = await verify(requirementsFor(new BigInteger(InvoicePayment.UsdcUnitsFor(invoice.AmountDue))));
        if (!verification.IsValid || verification.Payment is not { } payment)
            return WalletTopUps.PaymentRefusal(verification.Response.InvalidReason ?? ExactEvmScheme.Reasons.InvalidPayload, verification.Response.InvalidMessage, verification.Response.Payer);
        var authorization = payment.Authorization;
        if (authorization.ValidAfter > long.MaxValue || authorization.ValidBefore > long.MaxValue)
            return WalletTopUps.PaymentRefusal(ExactEvmScheme.Reasons.InvalidPayload, "validAfter and validBefore must be Unix times (below 2^63)", payment.Payer.ToString());

        var ticket = await grain.Submit(new SettlementRequest(
            tenantId, invoice.WalletId, payment.Payer.ToString(), payment.PayTo.ToString(), (long)authorization.Value,
            (long)authorization.ValidAfter, (long)authorization.ValidBefore, authorization.Nonce.ToString(), Hex.Encode(payment.Signature), invoice.Id));
        if (ticket.Refusal is { } refusal) return refusal;
        if (!PaysThis(ticket.Status!, tenantId, invoiceId))
            return WalletTopUps.PaymentRefusal(ExactEvmScheme.Reasons.NonceAlreadyUsed, "this authorization has already been used for another payment", payment.Payer.ToString());
        return await Answer(book, invoice, ticket.Status!, network, ticket.Replayed, wait ?? Options.SettlementWait);
    }

    private async Task<TopUpAnswer<InvoicePaymentResult>> Answer(IInvoiceBookGrain book, Invoice invoice, SettlementStatus status, X402Network network, bool replayed, TimeSpan? wait)
    {
        if (wait is { } timeout && timeout > TimeSpan.Zero && status.State is SettlementState.Queued or SettlementState.Submitted)
            status = await Settlement(network).WaitForOutcome(status.Nonce, timeout) ?? status;
        var current = (await book.Get(invoice.Id)).Receipt ?? invoice;
        return new InvoicePaymentResult(current, status, network.Id, replayed);
    }

    private static (string Nonce, string From)? NonceAndPayer(JsonElement payload) =>
        payload.ValueKind == JsonValueKind.Object
        && payload.TryGetProperty("authorization", out var authorization) && authorization.ValueKind == JsonValueKind.Object
        && authorization.TryGetProperty("nonce", out var nonce) && nonce.ValueKind == JsonValueKind.String
        && authorization.TryGetProperty("from", out var from) && from.ValueKind == JsonValueKind.String
            ? (nonce.GetString()!, from.GetString()!)
            : null;

    private static bool PaysThis(SettlementStatus status, string tenantId, string invoiceId) =>
        status.TenantId == tenantId && status.InvoiceId == invoiceId;

    private ISettlementGrain Settlement(X402Network network) =>
        grains.GetGrain<ISettlementGrain>(SettlementGrainKey.For(network.Id, network.Asset.ToString(), network.TopUpPayTo!.Value.ToString()));

    private Refusal Unavailable(string? network) => new(Domain.Reasons.TopUpsUnavailable, network is { Length: > 0 }
        ? $"Network {network} does not take payments here; networks that do: {string.Join(", ", Networks.Select(n => n.Id))}."
        : "No network takes x402 payments: configure TopUpPayTo and SettlementBatcher under Waterfall:X402:Networks.", [], []);
}
