using Waterfall.Domain.Money;

namespace Waterfall.Domain.Wallets;

public sealed partial class Wallet
{
    /// <summary>When the wallet's latest event happened (<see cref="DateTimeOffset.MinValue"/> before any).</summary>
    public DateTimeOffset LastEventAt { get; private set; } = DateTimeOffset.MinValue;

    /// <summary>The soonest of the wallet's deadlines, or null when nothing can fall due.</summary>
    public Deadline? NextDue => WalletDeadlines.Next(_grants, _holds.Values, _options.GrantExpiringLeadTime);

    // At a tick, a notice whose grant expires by then is not due any more: its expiry is.
    private Deadline? DueAt(DateTimeOffset now) => WalletDeadlines.Next(_grants, _holds.Values, _options.GrantExpiringLeadTime, now);

    /// <summary>
    /// Lets time pass: announces grants about to expire (when the wallet's options ask for it), releases holds whose TTL ran out, takes back credit released into revoked
    /// grants and posts the breakage of expired grants, in the order they fell due. Each is dated
    /// when it fell due, not when it is noticed (<see cref="WalletDeadlines.PostingDate"/>): a wallet
    /// nobody called for days still books its breakage in the right period. The grain calls it before
    /// every command, on a timer and from its reminder. Returns the events it applied.
    /// </summary>
    public IReadOnlyList<WalletEvent> Tick(DateTimeOffset now)
    {
        _idempotency.Prune(now, _options.IdempotencyRetention, _options.MaxIdempotencyKeys);
        if (now < _nextDeadline || !IsOpen) return [];

        List<WalletEvent>? events = null;
        while (DueAt(now) is { } due && due.At <= now)
            (events ??= []).Add(ApplyNew(Expire(due, WalletDeadlines.PostingDate(due, LastEventAt))));
        if (events is not null && RefillAfterTick(now) is { } refill) events.Add(refill);

        _nextDeadline = NextDue?.At ?? DateTimeOffset.MaxValue;
        return events ?? (IReadOnlyList<WalletEvent>)[];
    }

    private WalletEvent Expire(Deadline due, DateTimeOffset at)
    {
        switch (due.Kind)
        {
            case DeadlineKind.HoldExpiry:
                var hold = _holds[due.Hold!.Value];
                return new HoldExpired(Sequence + 1, at, hold.Id, hold.Reserved.Draws);
            case DeadlineKind.GrantExpiryNotice:
                var expiring = FindGrant(due.Grant!.Value)!;
                return new GrantExpiryNoticed(Sequence + 1, at, expiring.Id, new Amount(expiring.Available, expiring.Unit), expiring.ExpiresAt!.Value);
            case DeadlineKind.RevokedCredit:
                var revoked = FindGrant(due.Grant!.Value)!;
                return new RevokedCreditRecovered(Sequence + 1, at, revoked.Id, new Amount(revoked.Available, revoked.Unit));
            default:
                var grant = FindGrant(due.Grant!.Value)!;
                return new GrantExpired(Sequence + 1, at, grant.Id, new Amount(grant.Available, grant.Unit));
        }
    }

    private void NoteEventTime(DateTimeOffset at)
    {
        if (at > LastEventAt) LastEventAt = at;
    }
}
