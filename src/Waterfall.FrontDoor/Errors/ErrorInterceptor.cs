using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using Waterfall.Contracts;
using Reasons = Waterfall.Domain.Reasons;
using Refusal = Waterfall.Domain.Refusal;

namespace Waterfall.FrontDoor;

/// <summary>
/// The last line: a wallet that could not make a change durable answers UNAVAILABLE (retry with
/// the same idempotency key); anything unexpected answers INTERNAL without leaking details. Every
/// call's answer, as the client gets it, is told to <see cref="IAnsweredCalls"/>.
/// </summary>
public sealed partial class ErrorInterceptor(ILogger<ErrorInterceptor> logger, IAnsweredCalls answered) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await continuation(request, context);
            answered.Answered(context.Method, Stopwatch.GetElapsedTime(started));
            return response;
        }
        catch (Exception ex)
        {
            var error = Map(ex, context);
            answered.Failed(context.Method, error, Stopwatch.GetElapsedTime(started));
            if (ReferenceEquals(error, ex)) throw;
            throw error;
        }
    }

    private RpcException Map(Exception ex, ServerCallContext context)
    {
        switch (ex)
        {
            case RpcException refused:
                return Remembered(context, refused);
            case WalletUnavailableException:
                return Remembered(context, RpcErrors.From(Refusal.Of(Reasons.StoreUnavailable, ex.Message)));
            case var _ when IsClusterChange(ex):
                return Remembered(context, RpcErrors.From(Refusal.Of(ProtocolReasons.ClusterUnavailable,
                    "The wallet's silo is changing (restart or failure); retry with the same idempotency key.")));
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return new RpcException(new Status(StatusCode.Cancelled, "The call was cancelled."));
            default:
                LogUnexpected(logger, context.Method, ex);
                return new RpcException(new Status(StatusCode.Internal, "An unexpected error occurred; nothing was acknowledged."));
        }
    }

    private static RpcException Remembered(ServerCallContext context, RpcException error)
    {
        Http.Transcoding.TranscodedCalls.Remember(context, error);
        return error;
    }

    // What Orleans throws at a caller whose grain's silo left or died mid-call, or whose call timed out
    // waiting on one: the call may not have reached the wallet, and if it did the retry is a replay.
    private static bool IsClusterChange(Exception ex) =>
        ex is Orleans.Runtime.SiloUnavailableException or Orleans.Runtime.OrleansMessageRejectionException or TimeoutException;

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error in {Method}")]
    private static partial void LogUnexpected(ILogger logger, string method, Exception exception);
}
