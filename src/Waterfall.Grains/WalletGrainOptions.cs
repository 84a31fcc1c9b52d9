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

    public WalletOptions ToWalletOptions() => new(IdempotencyRetention, MaxIdempotencyKeys);
}
