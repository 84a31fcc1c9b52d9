using Waterfall.Domain.Charges;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Holds;
using Waterfall.Domain.Money;

namespace Waterfall.Domain.Wallets;

/// <summary>
/// What an accepted operation answers. A replay with the same idempotency key answers the
/// same receipt, so receipts are recorded with the event that produced them.
/// </summary>
public abstract record Receipt(long Sequence);

public sealed record OpenReceipt(long Sequence) : Receipt(Sequence);

public sealed record GrantReceipt(long Sequence, GrantId Grant) : Receipt(Sequence);

/// <param name="AvailableAfter">What the wallet has available after the debit, in the units the charge touched.</param>
public sealed record DebitReceipt(long Sequence, Coverage Coverage, IReadOnlyList<Amount> AvailableAfter) : Receipt(Sequence)
{
    public bool Equals(DebitReceipt? other) =>
        other is not null && Sequence == other.Sequence && Coverage.Equals(other.Coverage) && AvailableAfter.SequenceEqual(other.AvailableAfter);

    public override int GetHashCode() => HashCode.Combine(Sequence, Coverage);
}

public sealed record HoldReceipt(long Sequence, HoldId Hold, Coverage Reserved, DateTimeOffset ExpiresAt) : Receipt(Sequence);

public sealed record CaptureReceipt(
    long Sequence,
    HoldId Hold,
    Coverage Captured,
    IReadOnlyList<Draw> Released,
    long OverageReleased,
    IReadOnlyList<Amount> AvailableAfter) : Receipt(Sequence)
{
    public bool Equals(CaptureReceipt? other) =>
        other is not null && Sequence == other.Sequence && Hold == other.Hold && Captured.Equals(other.Captured) &&
        Released.SequenceEqual(other.Released) && OverageReleased == other.OverageReleased &&
        AvailableAfter.SequenceEqual(other.AvailableAfter);

    public override int GetHashCode() => HashCode.Combine(Sequence, Hold, Captured);
}

public sealed record VoidReceipt(long Sequence, HoldId Hold, IReadOnlyList<Draw> Released) : Receipt(Sequence)
{
    public bool Equals(VoidReceipt? other) =>
        other is not null && Sequence == other.Sequence && Hold == other.Hold && Released.SequenceEqual(other.Released);

    public override int GetHashCode() => HashCode.Combine(Sequence, Hold);
}

/// <param name="Added">What the growth reserved.</param>
/// <param name="Reserved">The hold's whole reservation after growing.</param>
public sealed record GrowReceipt(long Sequence, HoldId Hold, Coverage Added, Coverage Reserved, DateTimeOffset ExpiresAt) : Receipt(Sequence);

public sealed record ExtendReceipt(long Sequence, HoldId Hold, DateTimeOffset ExpiresAt) : Receipt(Sequence);

public sealed record SettingsReceipt(long Sequence) : Receipt(Sequence);

public sealed record TopUpSettledReceipt(long Sequence, GrantId Grant, string TransactionHash) : Receipt(Sequence);

/// <param name="TakenBack">Credit removed from the wallet.</param>
/// <param name="Receivable">Credit already used, now owed by the customer.</param>
public sealed record TopUpReversedReceipt(long Sequence, GrantId Grant, long TakenBack, long Receivable) : Receipt(Sequence);
