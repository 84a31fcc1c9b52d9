using Waterfall.Contracts.Events;

namespace Waterfall.Events;

/// <summary>An endpoint's delivery progress, stored after every attempt: a restart resumes at the cursor.</summary>
[GenerateSerializer, Alias("wf.WebhookDeliveryState")]
public sealed class WebhookDeliveryState
{
    [Id(0)] public WebhookEndpoint? Endpoint { get; set; }
    /// <summary>The outbox position of the last event delivered or not wanted.</summary>
    [Id(1)] public long Cursor { get; set; }
    /// <summary>Consecutive failed attempts of the event after the cursor.</summary>
    [Id(2)] public int Attempts { get; set; }
    [Id(3)] public DateTimeOffset? FailingSince { get; set; }
    [Id(4)] public DateTimeOffset? NextAttemptAt { get; set; }
    [Id(5)] public bool Disabled { get; set; }
    [Id(6)] public List<WebhookAttempt> Log { get; set; } = [];
}
