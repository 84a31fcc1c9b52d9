using System.Collections.Concurrent;
using System.Diagnostics;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Waterfall.Silo.Telemetry;

/// <summary>
/// Counts every front-door call on <see cref="WalletMetrics"/>. It sits outside the front door's error mapping, so it
/// sees exactly the status and <c>ErrorInfo</c> reason the client gets.
/// </summary>
internal sealed class WalletMetricsInterceptor(WalletMetrics metrics) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        var operation = Operation(context.Method);
        try
        {
            var response = await continuation(request, context);
            metrics.Completed(operation, Stopwatch.GetElapsedTime(started));
            return response;
        }
        catch (RpcException ex) when (ex.StatusCode is not (StatusCode.Internal or StatusCode.Unknown or StatusCode.Cancelled))
        {
            metrics.Refused(operation, ex.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason ?? ex.StatusCode.ToString().ToUpperInvariant(), Stopwatch.GetElapsedTime(started));
            throw;
        }
        catch
        {
            metrics.Failed(operation, Stopwatch.GetElapsedTime(started));
            throw;
        }
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
