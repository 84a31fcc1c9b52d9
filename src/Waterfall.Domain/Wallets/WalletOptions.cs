namespace Waterfall.Domain.Wallets;

/// <summary>How long a wallet remembers idempotency keys, and how many at most.</summary>
public sealed record WalletOptions(TimeSpan IdempotencyRetention, int MaxIdempotencyKeys)
{
    public static readonly WalletOptions Default = new(TimeSpan.FromHours(24), 100_000);
}
