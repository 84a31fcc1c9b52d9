using Waterfall.Domain.Grants;
using Waterfall.Domain.Holds;

namespace Waterfall.Domain.Wallets;

/// <summary>What falls due on a wallet without anyone calling it.</summary>
public enum DeadlineKind
{
    /// <summary>An open hold reaches its TTL: what it reserved is released.</summary>
    HoldExpiry,

    /// <summary>Credit released into a revoked grant is taken back: due at once.</summary>
    RevokedCredit,

    /// <summary>A grant reaches its expiry with credit left: the rest becomes breakage.</summary>
    GrantExpiry,

    /// <summary>
    /// A grant with credit left comes within the wallet's notice lead time of its expiry: the wallet
    /// announces <c>grant.expiring</c> once (<see cref="GrantExpiryNotice"/>). Posts no money.
    /// </summary>
    GrantExpiryNotice,
}

/// <summary>
/// One deadline of a wallet. <see cref="RevokedCredit"/> deadlines are due at once and carry
/// <see cref="DateTimeOffset.MinValue"/>; the others carry the hold's TTL or the grant's expiry.
/// </summary>
public sealed record Deadline(DateTimeOffset At, DeadlineKind Kind, GrantId? Grant = null, HoldId? Hold = null);
