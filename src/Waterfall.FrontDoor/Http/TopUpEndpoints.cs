using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Waterfall.Contracts.Settlement;
using Waterfall.Domain.Settlement;
using Waterfall.FrontDoor.Auth;
using Waterfall.TopUps;
using Waterfall.X402;
using Reasons = Waterfall.Domain.Reasons;

namespace Waterfall.FrontDoor.Http;

/// <summary>
/// Wallet top-ups over plain HTTP, the way x402 clients expect to pay for a resource:
/// <c>POST /v1/wallets/{id}/top-ups?amount=5.00</c> answers 402 with PAYMENT-REQUIRED; the same request
/// with PAYMENT-SIGNATURE (v2) or X-PAYMENT (v1) credits the wallet and answers with PAYMENT-RESPONSE
/// (X-PAYMENT-RESPONSE for v1): 200 once settled on chain, 202 with a Location to poll while the
/// settlement is under way. Refusals are problem documents whose <c>reason</c> is the gRPC API's.
/// </summary>
public static class TopUpEndpoints
{
    public static IEndpointRouteBuilder MapWalletTopUps(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/wallets/{walletId}/top-ups", TopUpAsync);
        endpoints.MapGet("/v1/wallets/{walletId}/top-ups/{nonce}", GetAsync);
        return endpoints;
    }

    private static async Task<IResult> TopUpAsync(string walletId, HttpContext http, WalletTopUps topUps, TenantDirectory tenants)
    {
        var caller = tenants.Authenticate(http.Request.Headers.Authorization, http.Request.Headers["x-api-key"], ApiScope.Meter, out var denied);
        if (caller is null) return HttpProblems.From(denied!);
        if (!Domain.Identifier.IsValid(walletId)) return HttpProblems.Invalid("wallet_id", "must be 1-128 characters of letters, digits and . _ : -");
        var (amount, network, wait, invalid) = await ReadRequestAsync(http.Request);
        if (invalid is not null) return invalid;

        var resource = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{http.Request.Path}";
        var v2 = http.Request.Headers[X402Headers.PaymentSignature].ToString();
        var v1 = http.Request.Headers[X402Headers.XPayment].ToString();
        if (v2.Length == 0 && v1.Length == 0)
            return await PaymentRequiredAsync(topUps, caller, walletId, amount, network, resource, PaymentRequirementsFactory.PaymentRequiredError);

        var answer = v2.Length > 0
            ? await topUps.PayAsync(caller.TenantId, walletId, amount, v2.Trim(), wait, http.RequestAborted)
            : await topUps.PayV1Async(caller.TenantId, walletId, amount, v1.Trim(), resource, wait, http.RequestAborted);
        if (answer.Refusal is { Reason: Reasons.PaymentInvalid } refused)
            return await PaymentRequiredAsync(topUps, caller, walletId, amount, network, resource, refused.Metadata.GetValueOrDefault("x402_reason"), refused);
        if (answer.Refusal is { } refusal) return HttpProblems.From(refusal);

        var topUp = answer.Value!;
        var responseHeader = v2.Length > 0 ? X402Headers.PaymentResponse : X402Headers.XPaymentResponse;
        http.Response.Headers[responseHeader] = X402Headers.EncodePaymentResponse(topUp.ToSettleResponse());
        http.Response.Headers.AccessControlExposeHeaders = responseHeader;
        if (topUp.State is SettlementState.Queued or SettlementState.Submitted)
            http.Response.Headers.Location = $"{http.Request.PathBase}/v1/wallets/{walletId}/top-ups/{topUp.Nonce}";
        return Results.Json(Describe(topUp), statusCode: topUp.State switch
        {
            SettlementState.Settled => StatusCodes.Status200OK,
            SettlementState.Failed => StatusCodes.Status402PaymentRequired,
            _ => StatusCodes.Status202Accepted,
        });
    }

    private static async Task<IResult> GetAsync(string walletId, string nonce, HttpContext http, WalletTopUps topUps, TenantDirectory tenants)
    {
        var caller = tenants.Authenticate(http.Request.Headers.Authorization, http.Request.Headers["x-api-key"], ApiScope.Read, out var denied);
        if (caller is null) return HttpProblems.From(denied!);
        if (nonce is not { Length: 66 } || !nonce.StartsWith("0x", StringComparison.Ordinal)) return HttpProblems.Invalid("nonce", "must be 0x + 64 hex digits");
        var answer = await topUps.GetAsync(caller.TenantId, walletId, nonce);
        return answer.Value is { } topUp ? Results.Json(Describe(topUp)) : HttpProblems.From(answer.Refusal!);
    }

    private static async Task<IResult> PaymentRequiredAsync(
        WalletTopUps topUps, Caller caller, string walletId, long amount, string? network, string resource, string? error, Contracts.Refusal? refusal = null)
    {
        var required = await topUps.RequirementsAsync(caller.TenantId, walletId, amount, network, resource, error);
        if (required.Refusal is { } cannot) return HttpProblems.From(cannot);
        return new PaymentRequiredResult(required.Value!, refusal);
    }

    /// <summary>The amount (USD, decimal), network and wait, from the query string or a JSON body.</summary>
    private static async Task<(long Amount, string? Network, TimeSpan? Wait, IResult? Invalid)> ReadRequestAsync(HttpRequest request)
    {
        string? amountText = request.Query["amount"];
        string? network = request.Query["network"];
        string? waitText = request.Query["wait"];
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            try
            {
                using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
                if (body.RootElement.ValueKind != JsonValueKind.Object) return (0, null, null, HttpProblems.Invalid("body", "must be a JSON object"));
                if (body.RootElement.TryGetProperty("amount", out var a)) amountText = a.ValueKind == JsonValueKind.String ? a.GetString() : a.GetRawText();
                if (body.RootElement.TryGetProperty("network", out var n) && n.ValueKind == JsonValueKind.String) network = n.GetString();
                if (body.RootElement.TryGetProperty("wait_seconds", out var w)) waitText = w.GetRawText();
            }
            catch (JsonException)
            {
                return (0, null, null, HttpProblems.Invalid("body", "is not JSON"));
            }
        }
        if (string.IsNullOrEmpty(amountText)) return (0, null, null, HttpProblems.Invalid("amount", "is required: USD as a decimal, e.g. 5.00"));
        if (!decimal.TryParse(amountText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var usd) || usd <= 0 || usd > 1_000_000_000m)
            return (0, null, null, HttpProblems.Invalid("amount", "must be a positive USD amount as a decimal, e.g. 5.00"));
        var nanos = usd * 1_000_000_000m;
        if (nanos != decimal.Truncate(nanos)) return (0, null, null, HttpProblems.Invalid("amount", "has more than 9 decimal places"));
        TimeSpan? wait = null;
        if (!string.IsNullOrEmpty(waitText))
        {
            if (!double.TryParse(waitText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) || seconds < 0 || seconds > 600)
                return (0, null, null, HttpProblems.Invalid("wait", "must be seconds between 0 and 600"));
            wait = TimeSpan.FromSeconds(seconds);
        }
        return ((long)nanos, string.IsNullOrEmpty(network) ? null : network, wait, null);
    }

    private static object Describe(TopUp topUp) => new
    {
        nonce = topUp.Nonce,
        network = topUp.Network,
        payer = topUp.Payer,
        amount = new { value = topUp.AmountNanos, unit = "usd" },
        grant_id = topUp.Grant,
        state = topUp.State.ToString().ToLowerInvariant(),
        transaction_hash = topUp.TransactionHash,
        failure_reason = topUp.FailureReason,
        replayed = topUp.Replayed,
    };

    /// <summary>402 with PAYMENT-REQUIRED, and the requirements (or the refusal) as the body too.</summary>
    internal sealed class PaymentRequiredResult(PaymentRequired required, Contracts.Refusal? refusal) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = StatusCodes.Status402PaymentRequired;
            http.Response.Headers[X402Headers.PaymentRequired] = X402Headers.EncodePaymentRequired(required);
            http.Response.Headers.AccessControlExposeHeaders = X402Headers.PaymentRequired;
            if (refusal is not null)
            {
                await HttpProblems.From(refusal, StatusCodes.Status402PaymentRequired).ExecuteAsync(http);
                return;
            }
            http.Response.ContentType = "application/json";
            await http.Response.Body.WriteAsync(X402Json.StringifyToUtf8(required), http.RequestAborted);
        }
    }
}
