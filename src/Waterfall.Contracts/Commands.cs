namespace Waterfall.Contracts;

[GenerateSerializer, Immutable, Alias("wf.OpenWallet")]
public sealed record OpenWallet([property: Id(0)] string IdempotencyKey, [property: Id(1)] WalletSettings Settings);

[GenerateSerializer, Immutable, Alias("wf.ChangeSettings")]
public sealed record ChangeSettings([property: Id(0)] string IdempotencyKey, [property: Id(1)] WalletSettings Settings);

[GenerateSerializer, Immutable, Alias("wf.GrantCredits")]
public sealed record GrantCredits([property: Id(0)] string IdempotencyKey, [property: Id(1)] GrantTerms Terms, [property: Id(2)] Attribution? Attribution);

[GenerateSerializer, Immutable, Alias("wf.DebitWallet")]
public sealed record DebitWallet([property: Id(0)] string IdempotencyKey, [property: Id(1)] Charge Charge, [property: Id(2)] Attribution? Attribution);

[GenerateSerializer, Immutable, Alias("wf.AuthorizeHold")]
public sealed record AuthorizeHold([property: Id(0)] string IdempotencyKey, [property: Id(1)] Charge Estimate, [property: Id(2)] TimeSpan Ttl, [property: Id(3)] Attribution? Attribution);

[GenerateSerializer, Immutable, Alias("wf.CaptureHold")]
public sealed record CaptureHold([property: Id(0)] string IdempotencyKey, [property: Id(1)] string Hold, [property: Id(2)] Charge Actual, [property: Id(3)] Attribution? Attribution);

/// <summary>Reserves more for an open hold; <see cref="Ttl"/>, when given, keeps it open at least that long from now.</summary>
[GenerateSerializer, Immutable, Alias("wf.GrowHold")]
public sealed record GrowHold([property: Id(0)] string IdempotencyKey, [property: Id(1)] string Hold, [property: Id(2)] Charge Additional, [property: Id(3)] TimeSpan? Ttl);

[GenerateSerializer, Immutable, Alias("wf.VoidHold")]
public sealed record VoidHold([property: Id(0)] string IdempotencyKey, [property: Id(1)] string Hold);

[GenerateSerializer, Immutable, Alias("wf.ExtendHold")]
public sealed record ExtendHold([property: Id(0)] string IdempotencyKey, [property: Id(1)] string Hold, [property: Id(2)] TimeSpan Ttl);

[GenerateSerializer, Immutable, Alias("wf.ConfirmTopUp")]
public sealed record ConfirmTopUp([property: Id(0)] string IdempotencyKey, [property: Id(1)] string Grant, [property: Id(2)] string TransactionHash);

[GenerateSerializer, Immutable, Alias("wf.ReverseTopUp")]
public sealed record ReverseTopUp([property: Id(0)] string IdempotencyKey, [property: Id(1)] string Grant, [property: Id(2)] string Reason);
