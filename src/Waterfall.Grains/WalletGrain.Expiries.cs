namespace Waterfall.Grains;

public sealed partial class WalletGrain
{
    /// <summary>After every change: keep the expiry timer running while something can expire, and report the open holds.</summary>
    private void WatchExpiries()
    {
        _openHolds.Set(_wallet.Holds.Count);
        if (_expiryTimer is not null || _wallet.NextDeadline == DateTimeOffset.MaxValue) return;
        var interval = options.Value.ExpiryScanInterval;
        _expiryTimer = this.RegisterGrainTimer(OnExpiryTimer, new GrainTimerCreationOptions(interval, interval) { Interleave = true, KeepAlive = false });
    }

    private async Task OnExpiryTimer(CancellationToken cancellationToken)
    {
        if (_writer.Failure is not null) return;
        await Durable(TickNow());
        _openHolds.Set(_wallet.Holds.Count);
        if (_wallet.NextDeadline == DateTimeOffset.MaxValue)
        {
            _expiryTimer?.Dispose();
            _expiryTimer = null;
        }
    }
}
