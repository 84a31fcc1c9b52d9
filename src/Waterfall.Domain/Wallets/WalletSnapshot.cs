using Waterfall.Domain.Charges;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Holds;
using Waterfall.Domain.Idempotency;
using Waterfall.Domain.Ledger;

namespace Waterfall.Domain.Wallets;

/// <summary>
/// A wallet's whole state at one sequence number. Recovery loads the latest snapshot and replays
/// the journal after it, so replay time stays bounded however long a wallet lives.
/// </summary>
public sealed record WalletSnapshot(
    long Sequence,
    bool IsOpen,
    WalletSettings Settings,
    long AccruedOverage,
    SpendSnapshot Spend,
    IReadOnlyList<GrantSnapshot> Grants,
    IReadOnlyList<HoldSnapshot> Holds,
    IReadOnlyList<IdempotencyRecord> Idempotency,
    IReadOnlyList<PendingTopUp>? PendingTopUps = null,
    DateTimeOffset? LastEventAt = null,
    Refills.RefillState? Refill = null,
    IReadOnlyList<BillingSubscription>? BilledBy = null);

public sealed record SpendSnapshot(DateOnly Day, long SpentToday, int Month, long SpentThisMonth);

public sealed record GrantSnapshot(GrantId Id, GrantTerms Terms, long CreatedSequence, DateTimeOffset GrantedAt, long Remaining, long Held, bool IsRevoked = false, long Expired = 0, long RolledOver = 0, bool ExpiryNoticed = false);

public sealed record HoldSnapshot(HoldId Id, Charge Estimate, Coverage Reserved, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, Attribution Attribution);
