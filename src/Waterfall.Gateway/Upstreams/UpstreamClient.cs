using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Waterfall.Gateway.Protocols;

namespace Waterfall.Gateway.Upstreams;

/// <summary>
/// Sends a metered call upstream with <see cref="HttpClient"/> and <c>ResponseHeadersRead</c>, rather than
/// YARP's forwarder: the gateway must read every response (usage, SSE events) and may rewrite or cut it,
/// which a byte-for-byte forwarder does not offer. HTTP/2 when the upstream offers it (TLS), HTTP/1.1 otherwise.
/// </summary>
public sealed class UpstreamClient(IHttpClientFactory clients)
{
    public const string HttpClientName = "waterfall-gateway-upstream";
    private const string DefaultAnthropicVersion = "2023-06-01";

    // Request headers an SDK sends that mean something to the provider; everything else (the caller's own
    // key above all) stays here.
    private static readonly string[] Forwarded = ["anthropic-version", "anthropic-beta", "openai-beta", "accept"];

    // Hop-by-hop (RFC 9110 §7.6.1) and framing headers, which belong to one connection, not to the response.
    private static readonly HashSet<string> NotCopied = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Authenticate", "Proxy-Authorization",
        "TE", "Trailer", "Content-Length", "Content-Encoding",
    };

    public Task<HttpResponseMessage> SendAsync(Upstream upstream, GatewayEndpoint endpoint, byte[] body, HttpRequest caller, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, upstream.UrlFor(endpoint))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var name in Forwarded)
            if (caller.Headers.TryGetValue(name, out var value))
                request.Headers.TryAddWithoutValidation(name, value.ToArray());
        if (upstream.Protocol == WireProtocol.Anthropic)
        {
            if (!request.Headers.Contains("anthropic-version")) request.Headers.TryAddWithoutValidation("anthropic-version", DefaultAnthropicVersion);
            if (upstream.ApiKey is { } key) request.Headers.TryAddWithoutValidation("x-api-key", key);
        }
        else if (upstream.ApiKey is { } key)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    /// <summary>Copies the provider's response headers (its request id, rate-limit headers, ...) except hop-by-hop and framing ones.</summary>
    public static void CopyHeaders(HttpResponseMessage upstream, HttpResponse response)
    {
        foreach (var (name, values) in upstream.Headers)
            if (!NotCopied.Contains(name)) response.Headers[name] = values.ToArray();
        foreach (var (name, values) in upstream.Content.Headers)
            if (!NotCopied.Contains(name)) response.Headers[name] = values.ToArray();
    }
}
