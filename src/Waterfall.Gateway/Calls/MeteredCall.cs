using Waterfall.Gateway.Auth;
using Waterfall.Gateway.Protocols;
using Waterfall.Gateway.Upstreams;
using Waterfall.Domain.Metering;
using DR = Waterfall.Domain.Pricing.Rating;

namespace Waterfall.Gateway.Calls;

/// <summary>A call admitted for metering: who pays, what was asked, what it may cost, where it goes, and its hold.</summary>
public sealed record MeteredCall(
    GatewayCaller Caller,
    ParsedRequest Request,
    CallPricing Pricing,
    Upstream Upstream,
    CallHold Hold,
    string RequestId,
    long OutputLimit)
{
    /// <summary>Usage the gateway counted itself, for when the provider reports none: the prompt as counted, the output delivered.</summary>
    public DR.LlmUsage Counted(long outputTokens) => new(Pricing.Model.Id, InputTokens: Request.PromptTokens, OutputTokens: outputTokens);
}
