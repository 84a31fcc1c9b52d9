using Waterfall.Domain.Wallets;

namespace Waterfall.Grains;

/// <summary>Configuration section <c>Waterfall:Wallets</c>.</summary>
public sealed class WalletGrainOptions
{
    public const string Section = "Waterfall:Wallets";

    /// <summary>How long idempotency keys are remembered.</summary>
    public TimeSpan IdempotencyRetention { get; set; } = WalletOptions.Default.IdempotencyRetention;

    /// <summary>At most this many keys per wallet are remembered; the oldest are forgotten first.</summary>
    public int MaxIdempotencyKeys { get; set; } = WalletOptions.Default.MaxIdempotencyKeys;

    /// <summary>How often an active wallet with open holds or expiring grants checks for expiry.</summary>
    public TimeSpan ExpiryScanInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often a wallet's deadline reminder ticks again when a tick was missed or failed (and so how late a
    /// deadline that passed while the silo was down is posted after a restart, at most). Orleans refuses less than
    /// its <c>ReminderOptions.MinimumReminderPeriod</c> (one minute unless configured).
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How far the wallets' clock runs from the machine's (e.g. <c>60.00:00:00</c>): for rehearsing deadlines and
    /// period ends on a staging silo, and for tests of real processes across a month end. Zero in production; the
    /// silo logs a warning when it is not.
    /// </summary>
    public TimeSpan ClockOffset { get; set; }

    /// <summary>A snapshot is stored every this many events, so recovery replays at most about as many...</summary>
    public int SnapshotInterval { get; set; } = 1_000;

    /// <summary>
    /// ...but not more often than this: a hot wallet's snapshot carries its whole idempotency window,
    /// and taking one every second would cost more than the replay it saves.
    /// </summary>
    public TimeSpan MinSnapshotSpacing { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long before a grant's expiry the wallet announces <c>grant.expiring</c>; zero: never. The events module
    /// sets it from <c>Waterfall:Events:GrantExpiringLeadTime</c> (default 3 days; docs/events.md).
    /// </summary>
    public TimeSpan GrantExpiringLeadTime { get; set; }

    private WalletOptions? _lastBuilt;

    /// <summary>
    /// One shared instance while nothing was changed: every activation holds one, and a million of them add up. A
    /// grain's window never holds receipts: its journal's key table does, and answers replays.
    /// </summary>
    public WalletOptions ToWalletOptions() =>
        new WalletOptions(IdempotencyRetention, MaxIdempotencyKeys, HoldsReceipts: false, GrantExpiringLeadTime) is var options && options == _lastBuilt
            ? _lastBuilt
            : _lastBuilt = options;
}
