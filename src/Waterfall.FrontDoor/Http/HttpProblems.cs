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

    /// <summary>The HTTP status of a reason: the gRPC API's status code for it, in HTTP terms; a refused payment is 402.</summary>
    public static int StatusFor(string reason) => reason == Reasons.PaymentInvalid
        ? StatusCodes.Status402PaymentRequired
        : RpcErrors.CodeFor(reason) switch
        {
            Grpc.Core.StatusCode.InvalidArgument => StatusCodes.Status400BadRequest,
            Grpc.Core.StatusCode.NotFound => StatusCodes.Status404NotFound,
            Grpc.Core.StatusCode.Unauthenticated => StatusCodes.Status401Unauthorized,
            Grpc.Core.StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
            Grpc.Core.StatusCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status409Conflict, // AlreadyExists, FailedPrecondition: the request is fine, the state says no
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
