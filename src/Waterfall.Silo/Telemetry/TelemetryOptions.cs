namespace Waterfall.Silo.Telemetry;

/// <summary>Configuration section <c>Waterfall:Telemetry</c>.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Waterfall:Telemetry";

    /// <summary>
    /// Where to send traces and metrics over OTLP (e.g. <c>http://otel-collector:4317</c>). Unset: the standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable decides; neither set: nothing is exported, /metrics still serves.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>
    /// Record traces even with no OTLP endpoint (for an exporter added in code). Off by default: with nowhere to send
    /// them, a span per call and per journal write is cost on the hot path for nothing. Metrics are always on.
    /// </summary>
    public bool Tracing { get; set; }

    /// <summary>The service name traces and metrics carry.</summary>
    public string ServiceName { get; set; } = "waterfall-silo";

    /// <summary>Serve the Orleans dashboard under <c>/dashboard</c> on the admin port (admin key required).</summary>
    public bool Dashboard { get; set; } = true;

    internal static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
