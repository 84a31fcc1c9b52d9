using System.Net;
using System.Net.Http.Headers;

namespace Waterfall.Gateway.Protocols.Tests.Support;

/// <summary>Answers every request with the same bytes, so an official SDK parses what the gateway would send, without a server.</summary>
public sealed class ServeBytesHandler(byte[] body, string mediaType, HttpStatusCode status = HttpStatusCode.OK) : HttpMessageHandler
{
    public List<string> RequestPaths { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        RequestPaths.Add(request.RequestUri!.AbsolutePath);
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return Task.FromResult(new HttpResponseMessage(status) { Content = content, RequestMessage = request });
    }
}
