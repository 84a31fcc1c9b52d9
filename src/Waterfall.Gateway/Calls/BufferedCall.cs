using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Waterfall.Gateway.Http;
using Waterfall.Gateway.Protocols;
using Waterfall.Gateway.Upstreams;

namespace Waterfall.Gateway.Calls;

/// <summary>
/// A non-streaming call: forward, read the whole answer, capture the provider's usage, and answer with the
/// cost. A client that goes away meanwhile does not cancel the upstream call: the provider still bills it,
/// so the gateway still waits for its usage (bounded by the upstream timeout) and captures it.
/// </summary>
public sealed class BufferedCall(UpstreamClient upstreamClient, GatewayMetrics metrics, IOptions<GatewayOptions> options)
{
    private const int MaxResponseBytes = 64 << 20;

    public async Task<string> RunAsync(HttpContext http, MeteredCall call, long started)
    {
        var request = call.Request;
        var protocol = request.Protocol;
        var body = request.ToUpstream(call.Upstream.ModelIdFor(call.Pricing.Model.Id), UpstreamLimit(call), askUsage: false);
        using var timeout = new CancellationTokenSource(options.Value.UpstreamTimeout);
        var upstreamStarted = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        byte[] answer;
        TimeSpan upstreamTime;
        try
        {
            response = await upstreamClient.SendAsync(call.Upstream, request.Endpoint, body, http.Request, timeout.Token);
            answer = await ReadAsync(response, timeout.Token);
            upstreamTime = Stopwatch.GetElapsedTime(upstreamStarted);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            await call.Hold.VoidAsync();
            await GatewayReplies.WriteErrorAsync(http.Response, protocol, timeout.IsCancellationRequested
                ? ProtocolErrors.Create(protocol, StatusCodes.Status504GatewayTimeout, "upstream_timeout", $"{call.Upstream.Provider} did not answer within {options.Value.UpstreamTimeout.TotalSeconds:0} s; nothing was charged.")
                : ProtocolErrors.Create(protocol, StatusCodes.Status502BadGateway, "upstream_unreachable", $"{call.Upstream.Provider} could not be reached; nothing was charged."));
            return timeout.IsCancellationRequested ? "timeout" : "upstream_failed";
        }
        using (response)
        {
            metrics.Upstream(request.Endpoint, upstreamTime);
            if (!response.IsSuccessStatusCode)
            {
                // The provider refused or failed before producing anything: release the hold, pass its error through.
                await call.Hold.VoidAsync();
                http.Response.StatusCode = (int)response.StatusCode;
                UpstreamClient.CopyHeaders(response, http.Response);
                await http.Response.Body.WriteAsync(answer);
                return "upstream_error";
            }

            // A provider that reports no usage is charged as held: the gateway cannot know less.
            var usage = ResponseUsage.Read(request.Endpoint, answer, call.Pricing.Model.Id) ?? call.Counted(call.Hold.HeldOutput);
            var settled = await call.Hold.CaptureAsync(usage);
            metrics.Settled(settled);
            metrics.Overhead(request.Endpoint, Stopwatch.GetElapsedTime(started) - upstreamTime);

            http.Response.StatusCode = (int)response.StatusCode;
            UpstreamClient.CopyHeaders(response, http.Response);
            http.Response.Headers[GatewayReplies.CostHeader] = GatewayReplies.Usd(settled.CostNanos);
            if (settled.AvailableUsd is { } balance) http.Response.Headers[GatewayReplies.BalanceHeader] = GatewayReplies.Usd(balance);
            var withCost = ResponseUsage.WithCost(request.Endpoint, answer, Domain.Money.NanoDollars.ToUsd(settled.CostNanos));
            if (!http.RequestAborted.IsCancellationRequested)
                await http.Response.Body.WriteAsync(withCost, CancellationToken.None);
            return "settled";
        }
    }

    /// <summary>
    /// The output limit sent upstream: the admitted one when the gateway clamped it or the request named none
    /// the catalog could vouch for; otherwise the request's own (null: left as the client sent it).
    /// </summary>
    public static long? UpstreamLimit(MeteredCall call) =>
        call.Request.Endpoint is GatewayEndpoint.Embeddings ? null
        : call.Request.MaxOutputTokens is { } asked && asked == call.OutputLimit ? null
        : call.Request.MaxOutputTokens is null && call.Pricing.Model.MaxOutputTokens is > 0 && call.OutputLimit == call.Pricing.Model.MaxOutputTokens ? null
        : call.OutputLimit;

    private static async Task<byte[]> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxResponseBytes) throw new IOException($"The upstream answer exceeds {MaxResponseBytes} bytes.");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
