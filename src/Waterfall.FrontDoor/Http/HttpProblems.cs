using Microsoft.AspNetCore.Http;
using Waterfall.Domain;

namespace Waterfall.FrontDoor.Http;

/// <summary>
/// Refusals as RFC 9457 problem documents: <c>reason</c> is the same machine-readable code the gRPC
/// API puts in its ErrorInfo, with its metadata and field violations alongside.
/// </summary>
public static class HttpProblems
{
    public static IResult From(Refusal refusal, int? status = null) =>
        Problem(refusal.Reason, refusal.Message, refusal.Metadata, refusal.Violations.Select(v => (v.Field, v.Description)), status);

    public static IResult From(Contracts.Refusal refusal, int? status = null) =>
        Problem(refusal.Reason, refusal.Message, refusal.Metadata, refusal.Violations.Select(v => (v.Field, v.Description)), status);

    public static IResult Invalid(string field, string description) =>
        From(Refusal.Invalid(new FieldViolation(field, description)));

    public static int StatusFor(string reason) => reason switch
    {
        Reasons.InvalidArgument or Reasons.UnknownModel => StatusCodes.Status400BadRequest,
        Reasons.WalletNotFound or Reasons.HoldNotFound or Reasons.TopUpNotFound => StatusCodes.Status404NotFound,
        Reasons.WalletAlreadyExists or Reasons.IdempotencyKeyReused => StatusCodes.Status409Conflict,
        Reasons.Unauthenticated => StatusCodes.Status401Unauthorized,
        Reasons.PermissionDenied => StatusCodes.Status403Forbidden,
        Reasons.StoreUnavailable or Reasons.TopUpsUnavailable => StatusCodes.Status503ServiceUnavailable,
        Reasons.PaymentInvalid => StatusCodes.Status402PaymentRequired,
        _ => StatusCodes.Status409Conflict,
    };

    private static IResult Problem(string reason, string message, IReadOnlyDictionary<string, string> metadata, IEnumerable<(string Field, string Description)> violations, int? status)
    {
        var extensions = new Dictionary<string, object?> { ["reason"] = reason, ["domain"] = RpcErrors.Domain };
        if (metadata.Count > 0) extensions["metadata"] = metadata;
        var list = violations.Select(v => new { field = v.Field, description = v.Description }).ToList();
        if (list.Count > 0) extensions["violations"] = list;
        return Results.Problem(detail: message, statusCode: status ?? StatusFor(reason), title: reason, extensions: extensions);
    }
}
