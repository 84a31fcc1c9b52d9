namespace Waterfall.Domain.Settlement;

/// <summary>
/// A batch on its way on chain: its authorizations and every signed version of its transaction
/// (a replacement at higher fees reuses the account nonce; whichever is mined counts).
/// </summary>
[GenerateSerializer, Alias("wf.SettlementBatch")]
public sealed class SettlementBatch
{
    [Id(0)] public List<SettlementItem> Items { get; set; } = [];
    [Id(1)] public List<SignedSettlement> Transactions { get; set; } = [];
    [Id(2)] public DateTimeOffset SentAt { get; set; }
    /// <summary>The hash of the mined version, once a receipt has been seen.</summary>
    [Id(3)] public string? MinedHash { get; set; }
}
