using Waterfall.Domain.Grants;
using Waterfall.Domain.Holds;

namespace Waterfall.Domain.Wallets;

/// <summary>
/// A wallet's deadlines, computed from its grants and holds alone: what the wallet posts by itself
/// when time passes (<see cref="Wallet.Tick"/>), what its reminder wakes it for, and what an expiry
/// notice can announce ahead of time.
/// </summary>
public static class WalletDeadlines
{
    /// <summary>
    /// Every deadline, soonest first; on the same instant holds come first, so that credit a hold
    /// releases into a grant expiring then joins that grant's breakage.
    /// </summary>
    public static IEnumerable<Deadline> Upcoming(IEnumerable<Grant> grants, IEnumerable<Hold> holds, TimeSpan noticeLead = default) =>
        All(grants, holds, noticeLead, null).OrderBy(d => d.At).ThenBy(d => d.Kind);

    /// <summary>The soonest deadline, or null when nothing can fall due.</summary>
    /// <param name="noticeLead">How long before a grant's expiry its notice falls due (<see cref="GrantExpiryNotice"/>); zero: no notices.</param>
    /// <param name="now">When given, notices of grants expiring by then are left out: announcing an expiry that has already happened helps no one.</param>
    public static Deadline? Next(IEnumerable<Grant> grants, IEnumerable<Hold> holds, TimeSpan noticeLead = default, DateTimeOffset? now = null)
    {
        Deadline? next = null;
        foreach (var deadline in All(grants, holds, noticeLead, now))
            if (next is null || deadline.At < next.At || (deadline.At == next.At && deadline.Kind < next.Kind))
                next = deadline;
        return next;
    }

    /// <summary>
    /// When an expiry noticed at any later time is dated: at its deadline, but never before the
    /// wallet's previous event, so that a wallet's journal dates never go back in sequence order
    /// (credit released into an expired grant breaks when it is released, not when the grant expired).
    /// </summary>
    public static DateTimeOffset PostingDate(Deadline deadline, DateTimeOffset previousEventAt) =>
        deadline.At > previousEventAt ? deadline.At : previousEventAt;

    private static IEnumerable<Deadline> All(IEnumerable<Grant> grants, IEnumerable<Hold> holds, TimeSpan noticeLead, DateTimeOffset? now)
    {
        foreach (var hold in holds)
            yield return new Deadline(hold.ExpiresAt, DeadlineKind.HoldExpiry, Hold: hold.Id);
        foreach (var grant in grants)
        {
            if (grant.Available <= 0) continue;
            if (grant.IsRevoked) yield return new Deadline(DateTimeOffset.MinValue, DeadlineKind.RevokedCredit, Grant: grant.Id);
            else if (grant.ExpiresAt is { } expiry)
            {
                yield return new Deadline(expiry, DeadlineKind.GrantExpiry, Grant: grant.Id);
                if (GrantExpiryNotice.DueAt(grant, noticeLead) is { } notice && !(expiry <= now))
                    yield return new Deadline(notice, DeadlineKind.GrantExpiryNotice, Grant: grant.Id);
            }
        }
    }
}
