using Waterfall.Domain.Grants;
using Waterfall.Domain.Holds;

namespace Waterfall.Domain.Wallets;

public sealed partial class Wallet
{
    /// <summary>Captures the whole state (exhausted grants after the live ones); the snapshot shares nothing mutable with the wallet.</summary>
    public WalletSnapshot ToSnapshot() =>
        new(Sequence, IsOpen, Settings, AccruedOverage,
            new SpendSnapshot(_spend.Day, _spend.SpentToday, _spend.Month, _spend.SpentThisMonth),
            _grants.Concat(_exhausted).Select(g => new GrantSnapshot(g.Id, g.Terms, g.CreatedSequence, g.GrantedAt, g.Remaining, g.Held, g.IsRevoked, g.Expired, g.RolledOver, g.ExpiryNoticed)).ToList(),
            _holds.Values.OrderBy(h => h.CreatedAt).ThenBy(h => h.Id.Value, StringComparer.Ordinal)
                .Select(h => new HoldSnapshot(h.Id, h.Estimate, h.Reserved, h.CreatedAt, h.ExpiresAt, h.Attribution)).ToList(),
            _idempotency.Records.ToList(),
            _pendingTopUps.Values.OrderBy(p => p.Grant.Value, StringComparer.Ordinal).ToList(),
            LastEventAt,
            Refill.Rule is null && Refill.Refills == 0 ? null : Refill,
            HasBilling ? BilledBy : null);

    /// <summary>A wallet in exactly the state the snapshot captured; replay the journal after it.</summary>
    public static Wallet Restore(WalletKey key, WalletSnapshot snapshot, WalletOptions? options = null)
    {
        var wallet = new Wallet(key, options)
        {
            Sequence = snapshot.Sequence,
            IsOpen = snapshot.IsOpen,
            Settings = snapshot.Settings,
            AccruedOverage = snapshot.AccruedOverage,
            LastEventAt = snapshot.LastEventAt ?? DateTimeOffset.MinValue,
            Refill = snapshot.Refill ?? Refills.RefillState.None,
        };
        wallet._spend.Restore(snapshot.Spend.Day, snapshot.Spend.SpentToday, snapshot.Spend.Month, snapshot.Spend.SpentThisMonth);
        foreach (var g in snapshot.Grants)
        {
            var grant = new Grant(g.Terms, g.Id, g.CreatedSequence, g.GrantedAt) { Remaining = g.Remaining, Held = g.Held, IsRevoked = g.IsRevoked, Expired = g.Expired, RolledOver = g.RolledOver, ExpiryNoticed = g.ExpiryNoticed };
            if (grant.IsSpent)
            {
                wallet._exhausted.Add(grant); // the snapshot lists them after the live grants, oldest exhaustion first
                continue;
            }
            wallet._grants.Add(grant);
            wallet.WatchGrant(grant);
        }
        wallet._grants.Sort(Grant.CompareBurnOrder);
        foreach (var h in snapshot.Holds)
        {
            wallet.OwnHolds.Add(h.Id, new Hold(h.Id, h.Estimate, h.Reserved, h.CreatedAt, h.ExpiresAt, h.Attribution));
            wallet.WatchDeadline(h.ExpiresAt);
        }
        foreach (var record in snapshot.Idempotency) wallet._idempotency.Record(record);
        foreach (var pending in snapshot.PendingTopUps ?? []) wallet.OwnPendingTopUps[pending.Grant] = pending;
        wallet.RestoreBilling(snapshot.BilledBy);
        if (snapshot.Idempotency.Count >= wallet._options.MaxIdempotencyKeys) wallet._idempotency.MarkForgottenByCount();
        return wallet;
    }
}
