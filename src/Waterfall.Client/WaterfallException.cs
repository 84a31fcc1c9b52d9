using Google.Rpc;
using Grpc.Core;

namespace Waterfall.Client;

/// <summary>
/// A refused or failed call. <see cref="Reason"/> is the machine-readable reason
/// (INSUFFICIENT_FUNDS, IDEMPOTENCY_KEY_REUSED, ...); a refused call changed nothing.
/// </summary>
public sealed class WaterfallException : Exception
{
    public WaterfallException(RpcException inner) : base(inner.Status.Detail, inner)
    {
        StatusCode = inner.StatusCode;
        var status = inner.GetRpcStatus();
        var info = status?.GetDetail<ErrorInfo>();
        Reason = info?.Reason ?? inner.StatusCode.ToString().ToUpperInvariant();
        Metadata = info?.Metadata.ToDictionary(m => m.Key, m => m.Value) ?? [];
        FieldViolations = status?.GetDetail<BadRequest>()?.FieldViolations.Select(v => (v.Field, v.Description)).ToList() ?? [];
    }

    public StatusCode StatusCode { get; }
    public string Reason { get; }
    public IReadOnlyDictionary<string, string> Metadata { get; }
    public IReadOnlyList<(string Field, string Description)> FieldViolations { get; }

    /// <summary>Nothing was acknowledged and the same request may succeed if sent again (with the same idempotency key).</summary>
    public bool IsRetryable => StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Aborted;
}
