using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using Waterfall.Contracts;
using Reasons = Waterfall.Domain.Reasons;
using Refusal = Waterfall.Domain.Refusal;

namespace Waterfall.FrontDoor;

/// <summary>
/// The last line: a wallet that could not make a change durable answers UNAVAILABLE (retry with
/// the same idempotency key); anything unexpected answers INTERNAL without leaking details.
/// </summary>
public sealed partial class ErrorInterceptor(ILogger<ErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (RpcException ex)
        {
            Http.Transcoding.TranscodedCalls.Remember(context, ex);
            throw;
        }
        catch (WalletUnavailableException ex)
        {
            var error = RpcErrors.From(Refusal.Of(Reasons.StoreUnavailable, ex.Message));
            Http.Transcoding.TranscodedCalls.Remember(context, error);
            throw error;
        }
        catch (Exception ex) when (IsClusterChange(ex))
        {
            var error = RpcErrors.From(Refusal.Of(ProtocolReasons.ClusterUnavailable, "The wallet's silo is changing (restart or failure); retry with the same idempotency key."));
            Http.Transcoding.TranscodedCalls.Remember(context, error);
            throw error;
        }
        catch (Exception ex) when (ex is OperationCanceledException && context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Cancelled, "The call was cancelled."));
        }
        catch (Exception ex)
        {
            LogUnexpected(logger, context.Method, ex);
            throw new RpcException(new Status(StatusCode.Internal, "An unexpected error occurred; nothing was acknowledged."));
        }
    }

    // What Orleans throws at a caller whose grain's silo left or died mid-call, or whose call timed out
    // waiting on one: the call may not have reached the wallet, and if it did the retry is a replay.
    private static bool IsClusterChange(Exception ex) =>
        ex is Orleans.Runtime.SiloUnavailableException or Orleans.Runtime.OrleansMessageRejectionException or TimeoutException;

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error in {Method}")]
    private static partial void LogUnexpected(ILogger logger, string method, Exception exception);
}
