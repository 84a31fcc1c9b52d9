using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Waterfall.Domain;
using Waterfall.Domain.Settlement;
using Waterfall.FrontDoor.Auth;
using Waterfall.FrontDoor.Http;
using Waterfall.TopUps;
using Waterfall.X402;

namespace Waterfall.FrontDoor.Services.Invoices;

/// <summary>
/// Paying an invoice the x402 way (scope meter): <c>POST /v1/invoices/{id}/pay</c> answers 402 with PAYMENT-REQUIRED
/// for the amount due; the same request with PAYMENT-SIGNATURE (v2) or X-PAYMENT (v1) pays it and answers with
/// PAYMENT-RESPONSE (X-PAYMENT-RESPONSE for v1): 200 once settled (the invoice is paid), 202 while settling,
/// 402 when the transfer failed on chain. <c>?network=</c> picks one network, <c>?wait=</c> seconds to wait.
/// </summary>
public static class InvoicePaymentEndpoints
{
    public static IEndpointRouteBuilder MapInvoicePayments(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/invoices/{invoiceId}/pay", PayAsync);
        return endpoints;
    }

    private static async Task<IResult> PayAsync(string invoiceId, HttpContext http, InvoicePayments payments, TenantDirectory tenants)
    {
        var caller = tenants.Authenticate(http.Request.Headers.Authorization, http.Request.Headers["x-api-key"], ApiScope.Meter, out var denied);
        if (caller is null) return HttpProblems.From(denied!);
        if (!Identifier.IsValid(invoiceId)) return HttpProblems.Invalid("invoice_id", "must be 1-128 characters of letters, digits and . _ : -");
        string? network = http.Request.Query["network"];
        if (network is { Length: 0 }) network = null;
        TimeSpan? wait = null;
        if ((string?)http.Request.Query["wait"] is { Length: > 0 } waitText)
        {
            if (!double.TryParse(waitText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) || seconds < 0 || seconds > 600)
                return HttpProblems.Invalid("wait", "must be seconds between 0 and 600");
            wait = TimeSpan.FromSeconds(seconds);
        }

        var resource = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{http.Request.Path}";
        var v2 = http.Request.Headers[X402Headers.PaymentSignature].ToString();
        var v1 = http.Request.Headers[X402Headers.XPayment].ToString();
        if (v2.Length == 0 && v1.Length == 0)
            return await PaymentRequiredAsync(payments, caller, invoiceId, network, resource, PaymentRequirementsFactory.PaymentRequiredError);

        var answer = v2.Length > 0
            ? await payments.PayAsync(caller.TenantId, invoiceId, v2.Trim(), wait, http.RequestAborted)
            : await payments.PayV1Async(caller.TenantId, invoiceId, v1.Trim(), resource, wait, http.RequestAborted);
        if (answer.Refusal is { Reason: Reasons.PaymentInvalid } refused)
            return await PaymentRequiredAsync(payments, caller, invoiceId, network, resource, refused.Metadata.GetValueOrDefault("x402_reason"), refused);
        if (answer.Refusal is { } refusal) return HttpProblems.From(refusal);

        var paid = answer.Value!;
        var responseHeader = v2.Length > 0 ? X402Headers.PaymentResponse : X402Headers.XPaymentResponse;
        http.Response.Headers[responseHeader] = X402Headers.EncodePaymentResponse(paid.ToSettleResponse());
        http.Response.Headers.AccessControlExposeHeaders = responseHeader;
        if (paid.Settlement.State is SettlementState.Queued or SettlementState.Submitted)
            http.Response.Headers.Location = $"{http.Request.PathBase}/v1/invoices/{invoiceId}";
        return Results.Json(Describe(paid), InvoiceDocuments.JsonOptions, statusCode: paid.Settlement.State switch
        {
            SettlementState.Settled => StatusCodes.Status200OK,
            SettlementState.Failed => StatusCodes.Status402PaymentRequired,
            _ => StatusCodes.Status202Accepted,
        });
    }

    private static async Task<IResult> PaymentRequiredAsync(
        InvoicePayments payments, Caller caller, string invoiceId, string? network, string resource, string? error, Contracts.Refusal? refusal = null)
    {
        var required = await payments.RequirementsAsync(caller.TenantId, invoiceId, network, resource, error);
        if (required.Refusal is { } cannot) return HttpProblems.From(cannot);
        return new TopUpEndpoints.PaymentRequiredResult(required.Value!, refusal);
    }

    private static object Describe(InvoicePaymentResult paid) => new
    {
        invoice = paid.Invoice,
        payment = new
        {
            nonce = paid.Settlement.Nonce,
            network = paid.Network,
            payer = paid.Settlement.Payer,
            amount = new { value = Domain.Money.NanoDollars.FromUsdcAtomicUnits(paid.Settlement.Value), unit = "usd" },
            state = paid.Settlement.State.ToString().ToLowerInvariant(),
            transaction_hash = paid.Settlement.TransactionHash,
            failure_reason = paid.Settlement.FailureReason,
        },
        replayed = paid.Replayed,
    };
}
