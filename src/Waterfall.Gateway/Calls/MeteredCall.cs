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
    public ReportedUsage Counted(long outputTokens) => new(InputTokens: Request.PromptTokens, OutputTokens: outputTokens);

    public static DR.LlmUsage ToLlmUsage(string model, ReportedUsage u) => new(model,
        InputTokens: u.InputTokens, OutputTokens: u.OutputTokens, CacheReadTokens: u.CacheReadTokens,
        CacheWrite5mTokens: u.CacheWrite5mTokens, CacheWrite1hTokens: u.CacheWrite1hTokens, ReasoningTokens: u.ReasoningTokens,
        AudioInputTokens: u.AudioInputTokens, AudioOutputTokens: u.AudioOutputTokens);

    public DR.LlmUsage ToLlmUsage(ReportedUsage usage) => ToLlmUsage(Pricing.Model.Id, usage);
}
