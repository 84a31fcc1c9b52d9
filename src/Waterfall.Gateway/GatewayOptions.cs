using Waterfall.Gateway.Protocols;

namespace Waterfall.Gateway;

/// <summary>Configuration section <c>Waterfall:Gateway</c>: where each provider is, and the rules a call is metered by.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Waterfall:Gateway";

    /// <summary>Upstreams by the catalog's provider name (<c>openai</c>, <c>anthropic</c>, <c>deepseek</c>, <c>xai</c>, ...).</summary>
    public Dictionary<string, UpstreamOptions> Providers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// One base URL that serves every known provider in its own protocol — the local fake provider, or a
    /// single proxy in front of them all. A provider's own <see cref="Providers"/> entry wins over it.
    /// </summary>
    public string? Upstream { get; set; }

    /// <summary>The largest request body accepted; larger ones are answered 413 before anything else.</summary>
    public long MaxRequestBytes { get; set; } = 4 << 20;

    /// <summary>How long the upstream may take to start answering; past it the call is voided and answered 504.</summary>
    public TimeSpan UpstreamTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a stream may go without an event before it counts as failed upstream.</summary>
    public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>After a client disconnects mid-stream, how long the gateway keeps reading to learn the provider's usage.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A call's hold expires on its own after this, so a gateway that dies mid-call leaves nothing reserved for long.</summary>
    public TimeSpan HoldTtl { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Output tokens a streaming hold grows by at a time when the wallet cannot cover the worst case.</summary>
    public long StreamSliceTokens { get; set; } = 256;

    /// <summary>The smallest output limit a call is clamped to when the wallet cannot afford the requested one; below it the call is refused.</summary>
    public long MinOutputTokens { get; set; } = 16;

    /// <summary>The output limit assumed (and sent upstream) when neither the request nor the catalog names one.</summary>
    public long DefaultOutputTokens { get; set; } = 4096;

    /// <summary>The top-up offered (USD) when an empty wallet is answered 402 with x402 payment requirements.</summary>
    public decimal TopUpAmountUsd { get; set; } = 5m;

    public int MaxChoices { get; set; } = 16;

    /// <summary>An output limit above this is refused as absurd rather than held.</summary>
    public long MaxOutputTokens { get; set; } = 1_000_000;

    public RequestLimits Limits => new(MaxChoices, MaxOutputTokens);
}

/// <summary>One provider's upstream: <c>Waterfall:Gateway:Providers:&lt;name&gt;</c>.</summary>
public sealed class UpstreamOptions
{
    /// <summary>The provider's root URL, without <c>/v1</c> (e.g. <c>https://api.openai.com</c>); the gateway appends the path.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The provider key the gateway sends upstream. A secret: never logged, never returned.</summary>
    public string? ApiKey { get; set; }

    /// <summary><c>openai</c> or <c>anthropic</c>; defaults from the provider's name.</summary>
    public string? Protocol { get; set; }
}
