namespace Waterfall.Gateway.Calls;

/// <summary>Extends a long stream's hold before its TTL runs out, so a slow answer is never released while it is still being delivered.</summary>
internal sealed class HoldKeepAlive(CallHold hold, TimeSpan ttl)
{
    private DateTimeOffset _extended = DateTimeOffset.UtcNow;

    public async Task TouchAsync()
    {
        var now = DateTimeOffset.UtcNow;
        if (now - _extended < ttl / 2) return;
        _extended = now;
        await hold.ExtendAsync(ttl);
    }
}
