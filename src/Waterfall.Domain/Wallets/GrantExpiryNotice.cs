using Waterfall.Domain.Grants;

namespace Waterfall.Domain.Wallets;

/// <summary>
/// When a wallet warns that a grant's credit is about to expire (<c>grant.expiring</c>, docs/events.md): once per
/// grant, the lead time before its expiry, while it still has credit to lose. A grant born closer to its expiry than
/// the lead time gets no notice: its own grant told the customer when it ends, and short-lived credit (a daily
/// allowance, a trial hour) would otherwise warn on every grant. A notice due but not posted before the expiry itself
/// (the silo was down) is dropped: the expiry is announced instead (<see cref="WalletDeadlines.Next"/> with a time).
/// </summary>
public static class GrantExpiryNotice
{
    /// <summary>When <paramref name="grant"/>'s notice falls due, or null when it gets none (any more).</summary>
    public static DateTimeOffset? DueAt(Grant grant, TimeSpan lead)
    {
        if (lead <= TimeSpan.Zero || grant.ExpiryNoticed || grant.IsRevoked || grant.Available <= 0) return null;
        if (grant.ExpiresAt is not { } expiry) return null;
        // Computed from the end that cannot overflow: the notice time is at or after the grant's own time.
        if (expiry - grant.GrantedAt <= lead) return null;
        return expiry - lead;
    }
}
