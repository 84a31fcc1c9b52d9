using System.Collections.Concurrent;

namespace Waterfall.Events;

/// <summary>
/// In-process news that a tenant's outbox grew, so a Watch stream on this silo need not wait for its
/// next poll. Streams on other silos poll; the outbox is the truth either way.
/// </summary>
public sealed class AnnouncementSignal
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new();

    public void Raise(string tenantId)
    {
        if (_waiting.TryRemove(tenantId, out var waiting)) waiting.TrySetResult();
    }

    /// <summary>Completes at the tenant's next announcement.</summary>
    public Task Next(string tenantId) =>
        _waiting.GetOrAdd(tenantId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
}
