using Waterfall.Domain.Money;

namespace Waterfall.Domain.Grants;

/// <summary>
/// Credit a wallet holds: an amount of one unit, burned by the <see cref="CreditWaterfall"/>.
/// <see cref="Remaining"/> includes what open holds have reserved (<see cref="Held"/>); only
/// <see cref="Available"/> can be drawn by a new charge. Mutated only by <c>Wallet.Apply</c>.
/// </summary>
public sealed class Grant
{
    public Grant(GrantTerms terms, GrantId id, long createdSequence, DateTimeOffset grantedAt)
    {
        Id = id;
        Terms = terms.SharingDefaults();
        CreatedSequence = createdSequence;
        GrantedAt = grantedAt;
        Remaining = terms.Amount.Value;
    }

    public GrantId Id { get; }
    public GrantTerms Terms { get; }
    public long CreatedSequence { get; }
    public DateTimeOffset GrantedAt { get; }

    public long Remaining { get; internal set; }
    public long Held { get; internal set; }
    public long Available => Remaining - Held;

    /// <summary>The payment behind this grant failed: it burns no more, and credit released into it is taken back.</summary>
    public bool IsRevoked { get; internal set; }

    /// <summary>Credit of this grant posted as expired (breakage), and how much of that a rollover carried on.</summary>
    public long Expired { get; internal set; }

    public long RolledOver { get; internal set; }

    /// <summary>The wallet has announced this grant's coming expiry (<c>grant.expiring</c>): it never does twice.</summary>
    public bool ExpiryNoticed { get; internal set; }

    public GrantKind Kind => Terms.Kind;
    public CreditUnit Unit => Terms.Amount.Unit;
    public int Priority => Terms.Priority;
    public DateTimeOffset EffectiveAt => Terms.EffectiveAt ?? GrantedAt;
    public DateTimeOffset? ExpiresAt => Terms.ExpiresAt;

    public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt is { } expiry && expiry <= now;

    /// <summary>Expired grants never burn; grants not yet effective do not burn yet.</summary>
    public bool CanBurnAt(DateTimeOffset now) => EffectiveAt <= now && !IsExpiredAt(now) && !IsRevoked;

    public bool IsSpent => Remaining == 0 && Held == 0;

    /// <summary>Burn order: priority, then soonest expiry (never-expiring last), then oldest.</summary>
    public static int CompareBurnOrder(Grant a, Grant b)
    {
        var byPriority = a.Priority.CompareTo(b.Priority);
        if (byPriority != 0) return byPriority;
        var byExpiry = (a.ExpiresAt, b.ExpiresAt) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            ({ } x, { } y) => x.CompareTo(y),
        };
        if (byExpiry != 0) return byExpiry;
        return a.CreatedSequence.CompareTo(b.CreatedSequence);
    }
}
