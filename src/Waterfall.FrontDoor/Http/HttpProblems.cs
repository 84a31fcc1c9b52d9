using Google.Rpc;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Waterfall.Domain;
using Refusal = Waterfall.Domain.Refusal;

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

    /// <summary>
    /// A gRPC status as a problem document: the ErrorInfo's reason and metadata, the BadRequest's field
    /// violations. A status without ErrorInfo (one the transport raised) gets the reason its code implies.
    /// </summary>
    public static IResult From(Google.Rpc.Status status)
    {
        var code = (StatusCode)status.Code;
        var info = status.GetDetail<ErrorInfo>();
        var violations = status.GetDetail<BadRequest>()?.FieldViolations.Select(v => (v.Field, v.Description)) ?? [];
        if (info is null) return Problem(ReasonFor(code), status.Message, new Dictionary<string, string>(), violations, StatusFor(code));
        return Problem(info.Reason, status.Message, info.Metadata, violations, null);
    }

    /// <summary>The HTTP status of a reason: the gRPC API's status code for it, in HTTP terms; a refused payment is 402.</summary>
    public static int StatusFor(string reason) => reason switch
    {
        Reasons.PaymentInvalid => StatusCodes.Status402PaymentRequired,
        ProtocolReasons.MessageTooLarge => StatusCodes.Status413PayloadTooLarge,
        _ => StatusFor(RpcErrors.CodeFor(reason)),
    };

    /// <summary>A gRPC status code in HTTP terms.</summary>
    public static int StatusFor(StatusCode code) => code switch
    {
        StatusCode.InvalidArgument or StatusCode.OutOfRange => StatusCodes.Status400BadRequest,
        StatusCode.NotFound => StatusCodes.Status404NotFound,
        StatusCode.Unauthenticated => StatusCodes.Status401Unauthorized,
        StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
        StatusCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
        StatusCode.ResourceExhausted => StatusCodes.Status429TooManyRequests,
        StatusCode.Cancelled => StatusCodes.Status499ClientClosedRequest,
        StatusCode.DeadlineExceeded => StatusCodes.Status504GatewayTimeout,
        StatusCode.Unimplemented => StatusCodes.Status501NotImplemented,
        StatusCode.Internal or StatusCode.Unknown or StatusCode.DataLoss => StatusCodes.Status500InternalServerError,
        _ => StatusCodes.Status409Conflict, // AlreadyExists, FailedPrecondition, Aborted: the request is fine, the state says no
    };

    /// <summary>What a status without ErrorInfo means; the transport only raises these for the request's own bytes.</summary>
    private static string ReasonFor(StatusCode code) => code switch
    {
        StatusCode.InvalidArgument => ProtocolReasons.MalformedRequest,
        StatusCode.ResourceExhausted => ProtocolReasons.MessageTooLarge,
        StatusCode.Unauthenticated => Reasons.Unauthenticated,
        StatusCode.PermissionDenied => Reasons.PermissionDenied,
        StatusCode.Unavailable => Reasons.StoreUnavailable,
        _ => ScreamingSnake(code.ToString()),
    };

    private static string ScreamingSnake(string name) =>
        string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : char.ToUpperInvariant(c).ToString()));

    private static IResult Problem(string reason, string message, IReadOnlyDictionary<string, string> metadata, IEnumerable<(string Field, string Description)> violations, int? status)
    {
        var extensions = new Dictionary<string, object?> { ["reason"] = reason, ["domain"] = RpcErrors.Domain };
        if (metadata.Count > 0) extensions["metadata"] = metadata;
        var list = violations.Select(v => new { field = v.Field, description = v.Description }).ToList();
        if (list.Count > 0) extensions["violations"] = list;
        return Results.Problem(detail: message, statusCode: status ?? StatusFor(reason), title: reason, extensions: extensions);
    }
}
