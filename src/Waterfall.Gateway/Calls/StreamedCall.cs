using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Waterfall.Gateway.Http;
using Waterfall.Gateway.Protocols;
using Waterfall.Gateway.Upstreams;
using LlmUsage = Waterfall.Domain.Pricing.Rating.LlmUsage;
using NanoDollars = Waterfall.Domain.Money.NanoDollars;

namespace Waterfall.Gateway.Calls;

/// <summary>
/// A streamed call. Output is counted as it arrives; the hold grows ahead of it when it was placed on a
/// slice, and when it cannot grow the stream ends cleanly (finish reason "length" / stop reason
/// "max_tokens") and is charged exactly what was delivered. The provider's terminal events are held
/// back until the capture, so the stream's end carries its cost.
/// </summary>
/// <remarks>
/// Charging rules: the provider's usage when it reports one; otherwise the prompt as counted and the output
/// delivered. A client that disconnects does not stop the metering: the stream is drained (bounded by
/// <see cref="GatewayOptions.DrainTimeout"/>) to learn the provider's usage. An upstream that fails before
/// any output costs nothing; one that fails after some costs what was delivered.
/// </remarks>
public sealed class StreamedCall(UpstreamClient upstreamClient, GatewayMetrics metrics, IOptions<GatewayOptions> options)
{
    private GatewayOptions Options => options.Value;

    public async Task<string> RunAsync(HttpContext http, MeteredCall call, long started)
    {
        var request = call.Request;
        var protocol = request.Protocol;
        var body = request.ToUpstream(call.Upstream.ModelIdFor(call.Pricing.Model.Id), BufferedCall.UpstreamLimit(call), askUsage: true);
        using var upstreamCancel = new CancellationTokenSource(Options.UpstreamTimeout);
        var upstreamStarted = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await upstreamClient.SendAsync(call.Upstream, request.Endpoint, body, http.Request, upstreamCancel.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            await call.Hold.VoidAsync();
            var timedOut = upstreamCancel.IsCancellationRequested;
            await GatewayReplies.WriteErrorAsync(http.Response, protocol, timedOut
                ? ProtocolErrors.Create(protocol, StatusCodes.Status504GatewayTimeout, "upstream_timeout", $"{call.Upstream.Provider} did not answer within {Options.UpstreamTimeout.TotalSeconds:0} s; nothing was charged.")
                : ProtocolErrors.Create(protocol, StatusCodes.Status502BadGateway, "upstream_unreachable", $"{call.Upstream.Provider} could not be reached; nothing was charged."));
            return timedOut ? "timeout" : "upstream_failed";
        }

        using (response)
        {
            metrics.Upstream(request.Endpoint, Stopwatch.GetElapsedTime(upstreamStarted));
            if (!response.IsSuccessStatusCode)
            {
                await call.Hold.VoidAsync();
                http.Response.StatusCode = (int)response.StatusCode;
                UpstreamClient.CopyHeaders(response, http.Response);
                await response.Content.CopyToAsync(http.Response.Body, upstreamCancel.Token);
                return "upstream_error";
            }
            upstreamCancel.CancelAfter(Timeout.InfiniteTimeSpan); // from here the idle timeout governs

            http.Response.StatusCode = StatusCodes.Status200OK;
            UpstreamClient.CopyHeaders(response, http.Response);
            http.Response.Headers.CacheControl = "no-cache";
            metrics.Overhead(request.Endpoint, Stopwatch.GetElapsedTime(started) - Stopwatch.GetElapsedTime(upstreamStarted));
            await using var stream = await response.Content.ReadAsStreamAsync(CancellationToken.None);
            return await PumpAsync(http, call, new SseReader(stream), upstreamCancel);
        }
    }

    private async Task<string> PumpAsync(HttpContext http, MeteredCall call, SseReader reader, CancellationTokenSource upstreamCancel)
    {
        var meter = StreamMeter.For(call.Request);
        var tally = TokenCounter.Shared.StartTally(call.Pricing.Model.Id);
        var client = new ClientSide(http);
        var delivered = 0L;
        var anyOutput = false;
        var end = StreamEnd.Failed;
        var slice = Options.StreamSliceTokens * call.Request.Choices;
        DateTimeOffset? drainUntil = null;
        var keepAlive = new HoldKeepAlive(call.Hold, Options.HoldTtl);

        while (true)
        {
            if (client.Gone && drainUntil is null) drainUntil = DateTimeOffset.UtcNow + Options.DrainTimeout;
            SseEvent? next;
            try
            {
                next = await ReadAsync(reader, drainUntil, upstreamCancel.Token);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or HttpRequestException or InvalidDataException)
            {
                end = drainUntil is { } d && DateTimeOffset.UtcNow >= d ? StreamEnd.DrainTimedOut : StreamEnd.Failed;
                break;
            }
            if (next is null) break; // the upstream closed without its terminal event: a failure

            var step = meter.Accept(next);
            if (step.OutputText is { Length: > 0 } text)
            {
                var before = tally.Tokens;
                var grown = call.Hold.Grown;
                tally.Add(text);
                if (!await call.Hold.CoverOutputAsync(tally.Tokens, slice, Options.HoldTtl))
                {
                    delivered = before;
                    end = StreamEnd.Cut;
                    metrics.StreamCut(call.Request.Endpoint);
                    break;
                }
                if (call.Hold.Grown > grown) metrics.HoldGrown(call.Request.Endpoint);
                delivered = tally.Tokens;
                anyOutput = true;
            }
            await keepAlive.TouchAsync();
            if (step.Forward.Length > 0) await client.WriteAsync(step.Forward);
            if (meter.Finished)
            {
                end = StreamEnd.Finished;
                break;
            }
        }
        upstreamCancel.Cancel(); // stop the provider generating what nobody will pay for

        if (end == StreamEnd.Failed && !anyOutput && meter.Usage is null)
        {
            await call.Hold.VoidAsync();
            await client.WriteAsync(ErrorEvent(call.Request.Protocol, ProtocolErrors.Create(call.Request.Protocol, StatusCodes.Status502BadGateway,
                "upstream_failed", $"{call.Upstream.Provider} failed before producing any output; nothing was charged.")));
            return "upstream_failed";
        }

        var charged = end == StreamEnd.Finished && meter.Usage is { } reported ? reported : Delivered(call, meter.Usage, delivered);
        var settled = await call.Hold.CaptureAsync(charged);
        metrics.Settled(settled);
        var cost = NanoDollars.ToUsd(settled.CostNanos);
        switch (end)
        {
            case StreamEnd.Finished:
                await client.WriteAsync(meter.Complete(cost, call.RequestId));
                return client.Gone ? "client_gone" : "settled";
            case StreamEnd.Cut:
                await client.WriteAsync(meter.Cut(charged, cost, call.RequestId));
                return "cut";
            default:
                await client.WriteAsync(ErrorEvent(call.Request.Protocol, ProtocolErrors.Create(call.Request.Protocol, StatusCodes.Status502BadGateway,
                    "upstream_failed", $"{call.Upstream.Provider} failed mid-stream; charged USD {GatewayReplies.Usd(settled.CostNanos)} for the output delivered.")));
                return client.Gone ? "client_gone" : "upstream_failed";
        }
    }

    /// <summary>
    /// What a stream that did not finish is charged: the prompt as the provider reported it at the start
    /// (Anthropic does), else as counted; and the output delivered, as counted.
    /// </summary>
    private static LlmUsage Delivered(MeteredCall call, LlmUsage? reported, long delivered) =>
        reported is { } start && start.InputTokens + start.CacheReadTokens + start.CacheWrite5mTokens + start.CacheWrite1hTokens > 0
            ? start with { OutputTokens = delivered, ReasoningTokens = 0, AudioOutputTokens = 0 }
            : call.Counted(delivered);

    private async Task<SseEvent?> ReadAsync(SseReader reader, DateTimeOffset? drainUntil, CancellationToken upstream)
    {
        var idle = Options.StreamIdleTimeout;
        if (drainUntil is { } until) idle = TimeSpan.FromTicks(Math.Max(1, Math.Min(idle.Ticks, (until - DateTimeOffset.UtcNow).Ticks)));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(upstream);
        timeout.CancelAfter(idle);
        return await reader.ReadAsync(timeout.Token);
    }

    /// <summary>An error event in the protocol's own stream framing, so an SDK raises it rather than hanging.</summary>
    private static byte[] ErrorEvent(WireProtocol protocol, ProtocolError error)
    {
        var json = Encoding.UTF8.GetString(ProtocolErrors.Body(protocol, error));
        return Encoding.UTF8.GetBytes(protocol == WireProtocol.Anthropic ? $"event: error\ndata: {json}\n\n" : $"data: {json}\n\n");
    }

    private enum StreamEnd { Finished, Cut, Failed, DrainTimedOut }

    /// <summary>The client's end of the stream: writes until it goes away, then swallows what follows.</summary>
    private sealed class ClientSide(HttpContext http)
    {
        public bool Gone { get; private set; }

        public async Task WriteAsync(ReadOnlyMemory<byte> bytes)
        {
            if (Gone || bytes.Length == 0) return;
            if (http.RequestAborted.IsCancellationRequested)
            {
                Gone = true;
                return;
            }
            try
            {
                await http.Response.Body.WriteAsync(bytes, http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
            {
                Gone = true;
            }
        }
    }
}
