using System.Collections.Concurrent;
using Google.Rpc;
using Grpc.Core;
using Waterfall.FrontDoor;

namespace Waterfall.Silo.Telemetry;

/// <summary>
/// Counts every front-door call on <see cref="WalletMetrics"/>, as the front door answered it (after its error
/// mapping, so exactly the status and <c>ErrorInfo</c> reason the client gets).
/// </summary>
internal sealed class WalletCallMetrics(WalletMetrics metrics) : IAnsweredCalls
{
    public void Answered(string method, TimeSpan duration) => metrics.Completed(Operation(method), duration);

    public void Failed(string method, RpcException error, TimeSpan duration)
    {
        if (error.StatusCode is StatusCode.Internal or StatusCode.Unknown or StatusCode.Cancelled)
            metrics.Failed(Operation(method), duration);
        else
            metrics.Refused(Operation(method), error.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason ?? error.StatusCode.ToString().ToUpperInvariant(), duration);
    }

    private static readonly ConcurrentDictionary<string, string> Operations = new(StringComparer.Ordinal);

    /// <summary>
    /// <c>WalletService/Debit</c> from <c>/waterfall.v1.WalletService/Debit</c>: a bounded set of tag values, named
    /// once per method rather than cut into new strings on every call (up to a bound, should a caller send paths of its own).
    /// </summary>
    internal static string Operation(string method) =>
        Operations.TryGetValue(method, out var name) ? name : Operations.Count < 512 ? Operations.GetOrAdd(method, Name) : Name(method);

    private static string Name(string method)
    {
        var slash = method.LastIndexOf('/');
        var service = method[..Math.Max(slash, 0)];
        var dot = service.LastIndexOf('.');
        return dot >= 0 ? $"{service[(dot + 1)..]}{method[slash..]}" : method.TrimStart('/');
    }
}
