using System.Diagnostics;
using System.Diagnostics.Metrics;
using Waterfall.Gateway.Calls;
using Waterfall.Gateway.Protocols;

namespace Waterfall.Gateway;

/// <summary>
/// The gateway's instruments, on meter <c>Waterfall.Gateway</c>: calls by endpoint, outcome and status;
/// upstream latency; the gateway's own overhead (time to first byte or to the answer, less the provider's
/// time); holds grown and streams cut by balance; money written off when a provider reported more than a
/// wallet could pay.
/// </summary>
public sealed class GatewayMetrics : IDisposable
{
    public const string MeterName = "Waterfall.Gateway";

    private readonly Meter _meter;
    private readonly Counter<long> _calls;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _upstream;
    private readonly Histogram<double> _overhead;
    private readonly Counter<long> _holdsGrown;
    private readonly Counter<long> _streamsCut;
    private readonly Counter<long> _charged;
    private readonly Counter<long> _writtenOff;

    public GatewayMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _calls = _meter.CreateCounter<long>("waterfall.gateway.calls", "{call}", "Gateway calls by endpoint, outcome and HTTP status.");
        _duration = _meter.CreateHistogram<double>("waterfall.gateway.call.duration", "s", "Whole gateway calls, as the client sees them.");
        _upstream = _meter.CreateHistogram<double>("waterfall.gateway.upstream.duration", "s", "Provider time: to the whole answer, or to the first byte of a stream.");
        _overhead = _meter.CreateHistogram<double>("waterfall.gateway.overhead", "s", "Gateway time on top of the provider's: admission, hold, capture.");
        _holdsGrown = _meter.CreateCounter<long>("waterfall.gateway.holds.grown", "{hold}", "Streaming holds grown by a slice.");
        _streamsCut = _meter.CreateCounter<long>("waterfall.gateway.streams.cut", "{stream}", "Streams ended early because the wallet could not pay for more.");
        _charged = _meter.CreateCounter<long>("waterfall.gateway.charged", "nUSD", "Nano-dollars captured from wallets.");
        _writtenOff = _meter.CreateCounter<long>("waterfall.gateway.written_off", "nUSD", "Nano-dollars a provider reported beyond what the wallet could pay.");
    }

    public void Call(GatewayEndpoint endpoint, string outcome, int status, TimeSpan duration)
    {
        var tags = new TagList { { "endpoint", Name(endpoint) }, { "outcome", outcome }, { "status", status } };
        _calls.Add(1, tags);
        _duration.Record(duration.TotalSeconds, tags);
    }

    public void Upstream(GatewayEndpoint endpoint, TimeSpan duration) => _upstream.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("endpoint", Name(endpoint)));

    public void Overhead(GatewayEndpoint endpoint, TimeSpan duration) => _overhead.Record(Math.Max(0, duration.TotalSeconds), new KeyValuePair<string, object?>("endpoint", Name(endpoint)));

    public void HoldGrown(GatewayEndpoint endpoint) => _holdsGrown.Add(1, new KeyValuePair<string, object?>("endpoint", Name(endpoint)));

    public void StreamCut(GatewayEndpoint endpoint) => _streamsCut.Add(1, new KeyValuePair<string, object?>("endpoint", Name(endpoint)));

    public void Settled(Settled settled)
    {
        _charged.Add(settled.CostNanos);
        if (settled.WrittenOff > 0) _writtenOff.Add(settled.WrittenOff);
    }

    public void Dispose() => _meter.Dispose();

    private static string Name(GatewayEndpoint endpoint) => endpoint switch
    {
        GatewayEndpoint.ChatCompletions => "chat.completions",
        GatewayEndpoint.Responses => "responses",
        GatewayEndpoint.Embeddings => "embeddings",
        GatewayEndpoint.Messages => "messages",
        GatewayEndpoint.CountTokens => "messages.count_tokens",
        _ => endpoint.ToString(),
    };
}
