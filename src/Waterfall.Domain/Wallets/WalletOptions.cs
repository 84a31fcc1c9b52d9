namespace Waterfall.Domain.Wallets;

/// <summary>How long a wallet remembers idempotency keys, and how many at most.</summary>
/// <param name="HoldsReceipts">Whether the window keeps each key's receipt (see <see cref="Idempotency.IdempotencyWindow"/>);
/// false only where a durable key table answers replays.</param>
/// <param name="GrantExpiringLeadTime">How long before a grant's expiry the wallet announces it (<see cref="GrantExpiryNotice"/>);
/// zero: never. Only decides when a notice falls due: a replayed journal folds to the same state whatever it is.</param>
public sealed record WalletOptions(TimeSpan IdempotencyRetention, int MaxIdempotencyKeys, bool HoldsReceipts = true, TimeSpan GrantExpiringLeadTime = default)
{
    public static readonly WalletOptions Default = new(TimeSpan.FromHours(24), 100_000);
}
