namespace Waterfall.Domain.Settlement;

/// <summary>One verified authorization waiting to settle, with the wallet credit it paid for.</summary>
[GenerateSerializer, Alias("wf.SettlementItem")]
public sealed class SettlementItem
{
    [Id(0)] public string Nonce { get; set; } = "";
    [Id(1)] public string TenantId { get; set; } = "";
    [Id(2)] public string WalletId { get; set; } = "";
    [Id(3)] public string From { get; set; } = "";
    [Id(4)] public string To { get; set; } = "";
    [Id(5)] public long Value { get; set; }
    [Id(6)] public long ValidAfter { get; set; }
    [Id(7)] public long ValidBefore { get; set; }
    [Id(8)] public string Signature { get; set; } = "";
    [Id(9)] public string? Grant { get; set; }
    [Id(10)] public DateTimeOffset AcceptedAt { get; set; }
    /// <summary>Batches this authorization was in that reverted as a whole.</summary>
    [Id(11)] public int Attempts { get; set; }
    /// <summary>The invoice this payment pays, when it pays one rather than crediting the wallet.</summary>
    [Id(12)] public string? InvoiceId { get; set; }
    /// <summary>An invoice payment: the invoice holds it (the counterpart of <see cref="Grant"/> for a top-up).</summary>
    [Id(13)] public bool InvoiceHeld { get; set; }

    [Id(14)] public SettlementPurpose Purpose { get; set; }
    /// <summary>A pull's permit (cap in atomic units, deadline in Unix seconds, signature r‖s‖v): sent before its first pull.</summary>
    [Id(15)] public long PermitCap { get; set; }
    [Id(16)] public long PermitDeadline { get; set; }
    [Id(17)] public string? PermitSignature { get; set; }
    /// <summary>The pull's transaction in flight is its permit, not yet the transferFrom.</summary>
    [Id(18)] public bool SendsPermit { get; set; }

    /// <summary>A pull's key in its wallet (rule and refill number); its <see cref="Nonce"/> adds the wallet, to be unique here.</summary>
    [Id(19)] public string? PullKey { get; set; }

    public bool PaysInvoice => InvoiceId is not null;

    /// <summary>What the wallet's keys for this payment's outcome are derived from: the nonce, or a pull's key in its wallet.</summary>
    public string PaymentKey => PullKey ?? Nonce;

    public bool IsPull => Purpose == SettlementPurpose.AllowancePull;

    /// <summary>What the payment bought is recorded: the wallet's credit, or the invoice's hold.</summary>
    public bool IsCredited => PaysInvoice ? InvoiceHeld : Grant is not null;
}
