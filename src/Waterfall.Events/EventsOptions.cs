namespace Waterfall.Events;

/// <summary>Configuration section <c>Waterfall:Events</c> (docs/events.md).</summary>
public sealed class EventsOptions
{
    public const string Section = "Waterfall:Events";

    /// <summary>How long an endpoint may fail before it is disabled and <c>webhook.endpoint_disabled</c> is announced.</summary>
    public TimeSpan RetryHorizon { get; set; } = TimeSpan.FromDays(3);

    /// <summary>The wait after the first failure; each further failure doubles it, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How often a delivery with work pending looks at the outbox and its retry time (real time).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often each silo wakes every endpoint's delivery, so none waits on a silo that died (real time).</summary>
    public TimeSpan ResumeInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long before a grant's expiry its wallet announces <c>grant.expiring</c> (once per grant with credit left;
    /// zero turns the notices off). Read by the wallets, so it is a silo setting, not an endpoint's.
    /// </summary>
    public TimeSpan GrantExpiringLeadTime { get; set; } = TimeSpan.FromDays(3);

    /// <summary>
    /// Keys that protect endpoint secrets at rest (id → base64 of 32 random bytes; <see cref="WebhookSecretProtector"/>).
    /// Every key listed can open; <see cref="SecretKeyId"/> seals new secrets. Empty: secrets are stored as given (the silo warns).
    /// </summary>
    public Dictionary<string, string> SecretKeys { get; set; } = [];

    /// <summary>The key of <see cref="SecretKeys"/> that protects new secrets; may be left out when there is one key.</summary>
    public string? SecretKeyId { get; set; }

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many attempts each endpoint's delivery log keeps.</summary>
    public int DeliveryLogSize { get; set; } = 200;

    /// <summary>The delay before attempt <paramref name="failures"/> + 1, after that many consecutive failures.</summary>
    public TimeSpan RetryDelay(int failures)
    {
        var delay = FirstRetryDelay.Ticks * Math.Pow(2, Math.Min(failures - 1, 40));
        return delay >= MaxRetryDelay.Ticks ? MaxRetryDelay : TimeSpan.FromTicks((long)delay);
    }
}
