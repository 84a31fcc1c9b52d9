using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using ErrorInfo = Google.Rpc.ErrorInfo;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Waterfall.FrontDoor;

/// <summary>
/// Gives the RESOURCE_EXHAUSTED that Grpc.AspNetCore answers for a message over the size limit an
/// ErrorInfo (reason MESSAGE_TOO_LARGE, metadata <c>max_bytes</c>). The limit is checked on the length
/// prefix, before the body is read and before any interceptor or marshaller runs, so the status can only
/// be completed as its headers leave: a trailers-only answer carries it in the headers.
/// </summary>
internal sealed class MessageTooLargeDetails(IOptions<GrpcServiceOptions> grpc) : IStartupFilter
{
    private const string StatusHeader = "grpc-status";
    private const string DetailsHeader = "grpc-status-details-bin";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var details = Details(grpc.Value.MaxReceiveMessageSize);
        app.Use((http, call) =>
        {
            if (http.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true)
                http.Response.OnStarting(Complete, new Pending(http.Response, details));
            return call(http);
        });
        next(app);
    };

    private sealed record Pending(HttpResponse Response, string Details);

    private static Task Complete(object state)
    {
        var (response, details) = (Pending)state;
        if (response.Headers[StatusHeader] == "8" && !response.Headers.ContainsKey(DetailsHeader))
            response.Headers[DetailsHeader] = details;
        return Task.CompletedTask;
    }

    private static string Details(int? maxBytes)
    {
        var info = new ErrorInfo { Reason = ProtocolReasons.MessageTooLarge, Domain = RpcErrors.Domain };
        if (maxBytes is { } max) info.Metadata["max_bytes"] = max.ToString(CultureInfo.InvariantCulture);
        var status = new Google.Rpc.Status
        {
            Code = (int)Grpc.Core.StatusCode.ResourceExhausted,
            Message = $"The message is larger than the server accepts{(maxBytes is { } m ? $" ({m} bytes)" : "")}.",
        };
        status.Details.Add(Any.Pack(info));
        return Convert.ToBase64String(status.ToByteArray());
    }
}
