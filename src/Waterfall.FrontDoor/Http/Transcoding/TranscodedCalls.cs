using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Waterfall.FrontDoor.Http.Transcoding;

/// <summary>
/// What every HTTP/JSON call of a gRPC operation gets on top of the transcoder: refusals as problem
/// documents carrying the gRPC ErrorInfo's reason (the transcoder alone writes a <c>google.rpc.Status</c>
/// JSON), a JSON body accepted even when the client did not say so (<c>curl -d</c> sends it as a form),
/// and, for <c>Debit</c>, the seed's shorthand body.
/// </summary>
internal static class TranscodedCalls
{
    private const string ErrorKey = "waterfall.transcoded-call-error";

    /// <summary>An endpoint convention: wraps the transcoded endpoints of a service, leaves its gRPC endpoints alone.</summary>
    public static void Apply(EndpointBuilder endpoint)
    {
        var transcoding = endpoint.Metadata.OfType<GrpcJsonTranscodingMetadata>().FirstOrDefault();
        if (transcoding is null || endpoint.RequestDelegate is not { } inner) return;
        var takesBody = !string.IsNullOrEmpty(transcoding.HttpRule.Body);
        var isDebit = transcoding.MethodDescriptor.FullName == "waterfall.v1.WalletService.Debit";
        endpoint.RequestDelegate = http => InvokeAsync(http, inner, takesBody, isDebit);
    }

    /// <summary>The interceptor hands a transcoded call's refusal over here, with its full status (ErrorInfo, BadRequest).</summary>
    public static void Remember(ServerCallContext context, RpcException error)
    {
        if (context.GetHttpContext() is { } http && http.GetEndpoint()?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is not null)
            http.Items[ErrorKey] = error;
    }

    private static async Task InvokeAsync(HttpContext http, RequestDelegate inner, bool takesBody, bool isDebit)
    {
        if (takesBody)
        {
            if (IsUnlabelledJson(http.Request.ContentType)) http.Request.ContentType = "application/json";
            // Every field of a body is optional, so no body is the empty message, as it is over gRPC.
            if (http.Request.ContentLength == 0 || http.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false)
            {
                http.Request.Body = new MemoryStream("{}"u8.ToArray());
                http.Request.ContentLength = 2;
            }
        }
        if (isDebit && await DebitShorthand.RewriteAsync(http) is { } refused)
        {
            await refused.ExecuteAsync(http);
            return;
        }

        // Unary answers are small: buffer them, so a refusal can still become a problem document.
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await inner(http);
        }
        finally
        {
            http.Response.Body = original;
        }

        if (http.Response.StatusCode < 400)
        {
            buffer.Position = 0;
            await buffer.CopyToAsync(original, http.RequestAborted);
            return;
        }
        var status = http.Items[ErrorKey] is RpcException error && error.GetRpcStatus() is { } full ? full : StatusOf(buffer);
        http.Response.Clear();
        await HttpProblems.From(status).ExecuteAsync(http);
    }

    private static bool IsUnlabelledJson(string? contentType) =>
        string.IsNullOrEmpty(contentType) || contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    /// <summary>A refusal the transcoder raised itself (unreadable JSON, a route value that does not fit), from the status JSON it wrote.</summary>
    private static Google.Rpc.Status StatusOf(MemoryStream buffer)
    {
        try
        {
            using var json = JsonDocument.Parse(buffer.ToArray());
            var root = json.RootElement;
            return new Google.Rpc.Status
            {
                Code = root.TryGetProperty("code", out var code) && code.TryGetInt32(out var value) ? value : (int)StatusCode.Unknown,
                Message = root.TryGetProperty("message", out var message) ? message.GetString() ?? "" : "",
            };
        }
        catch (JsonException)
        {
            return new Google.Rpc.Status { Code = (int)StatusCode.Unknown, Message = "The request failed." };
        }
    }
}
