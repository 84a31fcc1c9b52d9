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

    public bool PaysInvoice => InvoiceId is not null;

    /// <summary>What the payment bought is recorded: the wallet's credit, or the invoice's hold.</summary>
    public bool IsCredited => PaysInvoice ? InvoiceHeld : Grant is not null;
}
