using Microsoft.Extensions.Logging;
using D = Waterfall.Domain.Wallets;

namespace Waterfall.Grains;

public sealed partial class WalletGrain
{
    /// <summary>
    /// Every <see cref="WalletGrainOptions.SnapshotInterval"/> events, captures the state and stores it
    /// once everything it reflects is durable. Off the answer path: a lost snapshot only means a longer replay.
    /// </summary>
    private void SnapshotIfDue()
    {
        if (_wallet.Sequence - _snapshotSequence < options.Value.SnapshotInterval || _writer.Failure is not null) return;
        var now = clock.Now;
        if (now - _snapshotAt < options.Value.MinSnapshotSpacing) return;
        var snapshot = _wallet.ToSnapshot();
        _snapshotSequence = snapshot.Sequence;
        _snapshotAt = now;
        _ = StoreSnapshot(snapshot, _writer.WhenDurable());
    }

    private async Task StoreSnapshot(D.WalletSnapshot snapshot, Task durable)
    {
        try
        {
            await durable;
            // Serializing a large snapshot must not hold up the wallet's turns: do it off its scheduler.
            var key = _wallet.Key;
            await Task.Run(() => journal.SaveSnapshotAsync(key, snapshot));
        }
        catch (Exception ex)
        {
            LogSnapshotFailed(logger, _wallet.Key.ToString(), snapshot.Sequence, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Wallet {Wallet} could not store its snapshot at {Sequence}")]
    private static partial void LogSnapshotFailed(ILogger logger, string wallet, long sequence, Exception exception);
}
