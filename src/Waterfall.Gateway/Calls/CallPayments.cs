using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Waterfall.Gateway.Auth;
using Waterfall.Gateway.Http;
using Waterfall.Gateway.Protocols;
using Waterfall.TopUps;
using Waterfall.X402;
using NanoDollars = Waterfall.Domain.Money.NanoDollars;

namespace Waterfall.Gateway.Calls;

/// <summary>
/// x402 on a model call: an empty wallet is answered 402 with the payment requirements of a top-up to it,
/// and the same request sent again with <c>PAYMENT-SIGNATURE</c> is credited through the ordinary top-up
/// path and then served, in that one request — so an x402 client pays and retries with no Waterfall code.
/// </summary>
public sealed class CallPayments(WalletTopUps topUps, IOptions<GatewayOptions> options)
{
    private long TopUpNanos => NanoDollars.Round(options.Value.TopUpAmountUsd);

    /// <summary>Credits the payment the request carries, if any. False when it did not verify and the 402 (with the reason) is written.</summary>
    public async Task<bool> PayIfPresentedAsync(HttpContext http, GatewayCaller caller, WireProtocol protocol)
    {
        var signature = http.Request.Headers[X402Headers.PaymentSignature].ToString().Trim();
        if (signature.Length == 0) return true;
        var answer = await topUps.PayAsync(caller.TenantId, caller.WalletId, TopUpNanos, signature, TimeSpan.Zero, http.RequestAborted);
        if (answer.Refusal is { } refusal)
        {
            if (refusal.Reason == Domain.Reasons.PaymentInvalid)
                await WritePaymentRequiredAsync(http, caller, protocol, refusal.Message, refusal.Metadata.GetValueOrDefault("x402_reason"));
            else
                await GatewayReplies.WriteErrorAsync(http.Response, protocol, GatewayReplies.FromRefusal(protocol, refusal));
            return false;
        }
        http.Response.Headers[X402Headers.PaymentResponse] = X402Headers.EncodePaymentResponse(answer.Value!.ToSettleResponse());
        Expose(http, X402Headers.PaymentResponse);
        return true;
    }

    /// <summary>402 in the caller's protocol (code <c>insufficient_funds</c>), with PAYMENT-REQUIRED when some network takes top-ups.</summary>
    public async Task WritePaymentRequiredAsync(HttpContext http, GatewayCaller caller, WireProtocol protocol, string message, string? x402Error = null)
    {
        if (http.Response.HasStarted) return;
        if (topUps.Networks.Count > 0)
        {
            var resource = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{http.Request.Path}";
            var required = await topUps.RequirementsAsync(caller.TenantId, caller.WalletId, TopUpNanos, null, resource,
                x402Error ?? PaymentRequirementsFactory.PaymentRequiredError);
            if (required.Value is { } payment)
            {
                http.Response.Headers[X402Headers.PaymentRequired] = X402Headers.EncodePaymentRequired(payment);
                Expose(http, X402Headers.PaymentRequired);
            }
        }
        await GatewayReplies.WriteErrorAsync(http.Response, protocol,
            ProtocolErrors.Create(protocol, StatusCodes.Status402PaymentRequired, "insufficient_funds", message));
    }

    // A paid call whose top-up still does not cover it answers with both headers: a browser client must see both.
    private static void Expose(HttpContext http, string header) =>
        http.Response.Headers.Append(Microsoft.Net.Http.Headers.HeaderNames.AccessControlExposeHeaders, header);
}
