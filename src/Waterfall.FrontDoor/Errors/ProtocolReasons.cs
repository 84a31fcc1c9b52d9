namespace Waterfall.FrontDoor;

/// <summary>
/// Reasons for requests refused before any wallet sees them: the bytes or the size were wrong, not the
/// business content. They live at the front door because the domain never meets a malformed message.
/// </summary>
public static class ProtocolReasons
{
    /// <summary>The body is not a valid message (garbage bytes, an overlong varint, a string that is not UTF-8, JSON that does not fit the message).</summary>
    public const string MalformedRequest = "MALFORMED_REQUEST";

    /// <summary>The message is over the server's size limit (metadata <c>max_bytes</c>).</summary>
    public const string MessageTooLarge = "MESSAGE_TOO_LARGE";

    /// <summary>
    /// The silo that holds the wallet left or died while the call was on its way (a rolling restart, a crash):
    /// nothing was acknowledged, and a retry with the same idempotency key reaches the wallet's new home.
    /// </summary>
    public const string ClusterUnavailable = "CLUSTER_UNAVAILABLE";

    /// <summary>The API key made more calls than <c>Waterfall:RateLimits</c> allows (metadata <c>retry_after_seconds</c>); retry after that.</summary>
    public const string RateLimited = "RATE_LIMITED";
}
