namespace Waterfall.Contracts;

[GenerateSerializer, Immutable, Alias("wf.OpenReceipt")]
public sealed record OpenReceipt([property: Id(0)] long Sequence);

[GenerateSerializer, Immutable, Alias("wf.SettingsReceipt")]
public sealed record SettingsReceipt([property: Id(0)] long Sequence);

[GenerateSerializer, Immutable, Alias("wf.GrantReceipt")]
public sealed record GrantReceipt([property: Id(0)] long Sequence, [property: Id(1)] string Grant);

[GenerateSerializer, Immutable, Alias("wf.DebitReceipt")]
public sealed record DebitReceipt([property: Id(0)] long Sequence, [property: Id(1)] Coverage Coverage, [property: Id(2)] Amount[] AvailableAfter);

[GenerateSerializer, Immutable, Alias("wf.HoldReceipt")]
public sealed record HoldReceipt([property: Id(0)] long Sequence, [property: Id(1)] string Hold, [property: Id(2)] Coverage Reserved, [property: Id(3)] DateTimeOffset ExpiresAt);

/// <param name="Added">What this growth reserved.</param>
/// <param name="Reserved">The hold's whole reservation after growing.</param>
[GenerateSerializer, Immutable, Alias("wf.GrowReceipt")]
public sealed record GrowReceipt(
    [property: Id(0)] long Sequence,
    [property: Id(1)] string Hold,
    [property: Id(2)] Coverage Added,
    [property: Id(3)] Coverage Reserved,
    [property: Id(4)] DateTimeOffset ExpiresAt);

[GenerateSerializer, Immutable, Alias("wf.CaptureReceipt")]
public sealed record CaptureReceipt(
    [property: Id(0)] long Sequence,
    [property: Id(1)] string Hold,
    [property: Id(2)] Coverage Captured,
    [property: Id(3)] Draw[] Released,
    [property: Id(4)] long OverageReleased,
    [property: Id(5)] Amount[] AvailableAfter);

[GenerateSerializer, Immutable, Alias("wf.VoidReceipt")]
public sealed record VoidReceipt([property: Id(0)] long Sequence, [property: Id(1)] string Hold, [property: Id(2)] Draw[] Released);

[GenerateSerializer, Immutable, Alias("wf.ExtendReceipt")]
public sealed record ExtendReceipt([property: Id(0)] long Sequence, [property: Id(1)] string Hold, [property: Id(2)] DateTimeOffset ExpiresAt);

[GenerateSerializer, Immutable, Alias("wf.TopUpSettledReceipt")]
public sealed record TopUpSettledReceipt([property: Id(0)] long Sequence, [property: Id(1)] string Grant, [property: Id(2)] string TransactionHash);

[GenerateSerializer, Immutable, Alias("wf.TopUpReversedReceipt")]
public sealed record TopUpReversedReceipt([property: Id(0)] long Sequence, [property: Id(1)] string Grant, [property: Id(2)] long TakenBack, [property: Id(3)] long Receivable);

/// <summary>
/// The receipt a wallet first gave for an operation and idempotency key. Exactly one receipt is
/// set: the one of <see cref="Operation"/> ("authorize", "grow", "capture", "void", "extend" or "debit").
/// </summary>
[GenerateSerializer, Immutable, Alias("wf.RecalledReceipt")]
public sealed record RecalledReceipt(
    [property: Id(0)] string Operation,
    [property: Id(1)] HoldReceipt? Hold,
    [property: Id(2)] GrowReceipt? Grow,
    [property: Id(3)] CaptureReceipt? Capture,
    [property: Id(4)] VoidReceipt? Void,
    [property: Id(5)] ExtendReceipt? Extend,
    [property: Id(6)] DebitReceipt? Debit);

/// <summary>A receipt, or the refusal that changed nothing. <see cref="Replayed"/> marks an idempotent repeat.</summary>
[GenerateSerializer, Immutable, Alias("wf.Reply`1")]
public sealed record Reply<T>([property: Id(0)] T? Receipt, [property: Id(1)] Refusal? Refusal, [property: Id(2)] bool Replayed) where T : class
{
    public bool IsAccepted => Receipt is not null;
}
