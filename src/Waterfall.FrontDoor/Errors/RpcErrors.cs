using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Waterfall.Domain;
using Status = Google.Rpc.Status;

namespace Waterfall.FrontDoor;

/// <summary>
/// Turns a refusal into a gRPC status with a machine-readable <c>google.rpc.ErrorInfo</c>
/// (and <c>google.rpc.BadRequest</c> for malformed fields).
/// </summary>
public static class RpcErrors
{
    public const string Domain = "waterfall.dev";

    public static RpcException From(Refusal refusal) => From(refusal.Reason, refusal.Message, refusal.Metadata, refusal.Violations);

    public static RpcException From(Contracts.Refusal refusal) =>
        From(refusal.Reason, refusal.Message, refusal.Metadata, refusal.Violations.Select(v => new Domain.FieldViolation(v.Field, v.Description)).ToList());

    public static RpcException Invalid(IReadOnlyList<Domain.FieldViolation> violations) => From(Refusal.Invalid([.. violations]));

    public static RpcException From(string reason, string message, IReadOnlyDictionary<string, string> metadata, IReadOnlyList<Domain.FieldViolation> violations)
    {
        var info = new ErrorInfo { Reason = reason, Domain = Domain };
        foreach (var (key, value) in metadata) info.Metadata[key] = value;
        var status = new Status { Code = (int)CodeFor(reason), Message = message };
        status.Details.Add(Any.Pack(info));
        if (violations.Count > 0)
        {
            var badRequest = new BadRequest();
            badRequest.FieldViolations.AddRange(violations.Select(v => new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }));
            status.Details.Add(Any.Pack(badRequest));
        }
        return status.ToRpcException();
    }

    /// <summary>A request body the server could not read as its message; never a stack trace, one quiet log line at most.</summary>
    public static RpcException Malformed(string message) =>
        From(ProtocolReasons.MalformedRequest, message, new Dictionary<string, string>(), []);

    public static StatusCode CodeFor(string reason) => reason switch
    {
        Reasons.InvalidArgument or Reasons.UnknownModel or ProtocolReasons.MalformedRequest or Reasons.BatchTooLarge => StatusCode.InvalidArgument,
        ProtocolReasons.MessageTooLarge => StatusCode.ResourceExhausted,
        ProtocolReasons.ClusterUnavailable => StatusCode.Unavailable,
        Reasons.WalletNotFound or Reasons.HoldNotFound or Reasons.TopUpNotFound or Reasons.WalletKeyNotFound or Reasons.PricingVersionNotFound or Reasons.WebhookEndpointNotFound => StatusCode.NotFound,
        Reasons.WalletAlreadyExists or Reasons.IdempotencyKeyReused or Reasons.WalletKeyAlreadyExists => StatusCode.AlreadyExists,
        Reasons.Unauthenticated => StatusCode.Unauthenticated,
        Reasons.PermissionDenied => StatusCode.PermissionDenied,
        Reasons.StoreUnavailable => StatusCode.Unavailable,
        // The billing context's reasons (PLAN_NOT_FOUND, CAMPAIGN_NOT_FOUND, ...) follow the same rule.
        _ when reason.EndsWith("_NOT_FOUND", StringComparison.Ordinal) => StatusCode.NotFound,
        _ => StatusCode.FailedPrecondition,
    };
}
