using System.Globalization;
using Microsoft.AspNetCore.Http;
using Waterfall.Gateway.Protocols;
using NanoDollars = Waterfall.Domain.Money.NanoDollars;

namespace Waterfall.Gateway.Http;

/// <summary>What the gateway writes itself: errors in the caller's protocol, and the Waterfall headers.</summary>
public static class GatewayReplies
{
    public const string CostHeader = "X-Waterfall-Cost";
    public const string BalanceHeader = "X-Waterfall-Balance";
    public const string RequestIdHeader = "X-Waterfall-Request-Id";

    public static async Task WriteErrorAsync(HttpResponse response, WireProtocol protocol, ProtocolError error)
    {
        if (response.HasStarted) return;
        response.StatusCode = error.Status;
        response.ContentType = "application/json";
        await response.Body.WriteAsync(ProtocolErrors.Body(protocol, error));
    }

    /// <summary>A wallet refusal in the caller's protocol: its reason becomes the error code, lower case.</summary>
    public static ProtocolError FromRefusal(WireProtocol protocol, Contracts.Refusal refusal) =>
        ProtocolErrors.Create(protocol, StatusFor(refusal.Reason), refusal.Reason.ToLowerInvariant(), refusal.Message);

    public static int StatusFor(string reason) => reason switch
    {
        Domain.Reasons.InsufficientFunds => StatusCodes.Status402PaymentRequired,
        Domain.Reasons.ModelNotAllowed or Domain.Reasons.SpendCapExceeded or Domain.Reasons.BudgetExceeded => StatusCodes.Status403Forbidden,
        Domain.Reasons.UnknownModel or Domain.Reasons.WalletNotFound => StatusCodes.Status404NotFound,
        Domain.Reasons.IdempotencyKeyReused => StatusCodes.Status409Conflict,
        Domain.Reasons.StoreUnavailable => StatusCodes.Status503ServiceUnavailable,
        _ => FrontDoor.Http.HttpProblems.StatusFor(reason),
    };

    public static string Usd(long nanos) => NanoDollars.ToUsd(nanos).ToString("0.#########", CultureInfo.InvariantCulture);
}
