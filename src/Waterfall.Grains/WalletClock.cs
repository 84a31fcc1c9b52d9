namespace Waterfall.Grains;

/// <summary>
/// The clock wallets decide by. A separate service from the silo's <see cref="TimeProvider"/> so
/// tests can move wallet time (hold TTLs, grant expiry, budgets) without moving Orleans' own timers.
/// </summary>
public sealed class WalletClock(TimeProvider time)
{
    public static readonly WalletClock System = new(TimeProvider.System);

    public DateTimeOffset Now => time.GetUtcNow();
}
