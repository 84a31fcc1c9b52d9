using Waterfall.Contracts.Settlement;

namespace Waterfall.Grains.Settlement;

/// <summary>What a settlement grain keeps durably: the queue, the batch on chain, and what was decided.</summary>
[GenerateSerializer, Alias("wf.SettlementGrainState")]
public sealed class SettlementGrainState
{
    [Id(0)] public List<SettlementItem> Queue { get; set; } = [];

    /// <summary>The batch sent and not yet final, or null.</summary>
    [Id(1)] public SettlementBatch? InFlight { get; set; }

    /// <summary>Settled and failed authorizations, newest last (bounded), for status and reconciliation.</summary>
    [Id(2)] public List<SettlementStatus> Outcomes { get; set; } = [];
}

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
