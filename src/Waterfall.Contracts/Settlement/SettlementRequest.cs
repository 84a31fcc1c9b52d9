using Waterfall.Domain.Settlement;

namespace Waterfall.Contracts.Settlement;

/// <summary>The answer to a submission: the wallet credit it produced, or why there is none.</summary>
[GenerateSerializer, Immutable, Alias("wf.SettlementTicket")]
public sealed record SettlementTicket(
    [property: Id(0)] string Nonce,
    [property: Id(1)] string? Grant,
    [property: Id(2)] Refusal? Refusal,
    [property: Id(3)] SettlementStatus? Status,
    [property: Id(4)] bool Replayed = false);
