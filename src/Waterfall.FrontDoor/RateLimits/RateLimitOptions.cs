namespace Waterfall.FrontDoor.RateLimits;

/// <summary>
/// Configuration section <c>Waterfall:RateLimits</c>: calls per API key, over gRPC, the HTTP API and the gateway
/// alike. Off by default (<see cref="PermitsPerSecond"/> 0): a platform meters its own agents, and the load tests
/// and benchmarks run tens of thousands of calls a second through one key. Turn it on per deployment.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Waterfall:RateLimits";

    /// <summary>Calls a second one key may make, sustained; 0 turns rate limiting off.</summary>
    public int PermitsPerSecond { get; set; }

    /// <summary>Calls one key may make at once above its rate (the bucket's size); 0 means <see cref="PermitsPerSecond"/>.</summary>
    public int Burst { get; set; }

    public bool Enabled => PermitsPerSecond > 0;

    public int BucketSize => Burst > 0 ? Burst : PermitsPerSecond;
}
