namespace Waterfall.Grains;

/// <summary>
/// The clock wallets decide by. A separate service from the silo's <see cref="TimeProvider"/> so
/// tests can move wallet time (hold TTLs, grant expiry, budgets) without moving Orleans' own timers.
/// A silo may run its wallets <see cref="Offset"/> ahead of (or behind) the machine's clock
/// (<c>Waterfall:Wallets:ClockOffset</c>), to rehearse a month end on a staging silo in real processes;
/// production leaves it zero.
/// </summary>
public sealed class WalletClock(TimeProvider time, TimeSpan offset = default)
{
    public static readonly WalletClock System = new(TimeProvider.System);

    public TimeSpan Offset => offset;

    public DateTimeOffset Now => time.GetUtcNow() + offset;
}
