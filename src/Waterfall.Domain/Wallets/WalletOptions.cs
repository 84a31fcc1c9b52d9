namespace Waterfall.Domain.Wallets;

/// <summary>How long a wallet remembers idempotency keys, and how many at most.</summary>
/// <param name="HoldsReceipts">Whether the window keeps each key's receipt (see <see cref="Idempotency.IdempotencyWindow"/>);
/// false only where a durable key table answers replays.</param>
public sealed record WalletOptions(TimeSpan IdempotencyRetention, int MaxIdempotencyKeys, bool HoldsReceipts = true)
{
    public static readonly WalletOptions Default = new(TimeSpan.FromHours(24), 100_000);
}
