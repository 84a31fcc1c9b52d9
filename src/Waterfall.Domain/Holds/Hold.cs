using Waterfall.Domain.Charges;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Ledger;

namespace Waterfall.Domain.Holds;

/// <summary>
/// An authorization: funds reserved on specific grants (in burn order) and, where the billing
/// terms allow, overage headroom. Resolved by a capture, a void, or its own expiry.
/// </summary>
public sealed class Hold
{
    public Hold(HoldId id, Charge estimate, Coverage reserved, DateTimeOffset createdAt, DateTimeOffset expiresAt, Attribution attribution)
    {
        Id = id;
        Estimate = estimate;
        Reserved = reserved;
        CreatedAt = createdAt;
        ExpiresAt = expiresAt;
        Attribution = attribution;
    }

    public HoldId Id { get; }
    public Charge Estimate { get; }
    public Coverage Reserved { get; internal set; }
    public DateTimeOffset CreatedAt { get; }
    public DateTimeOffset ExpiresAt { get; internal set; }
    public Attribution Attribution { get; }

    /// <summary>Reserved money that counts against budgets: drawn USD plus overage headroom.</summary>
    public long ReservedMoney => Reserved.MoneyCost;

    public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt <= now;

    /// <summary>The hold's reservations as capture sources: the grants it drew on, in the order drawn.</summary>
    public IReadOnlyList<Draw> Sources => Reserved.Draws;
}
