namespace Waterfall.Domain.Settlement;

/// <summary>What a mined receipt means for the batch in flight.</summary>
public abstract record SettlementVerdict
{
    private SettlementVerdict() { }

    /// <summary>Not deep enough yet: ask again later.</summary>
    public sealed record Wait : SettlementVerdict;

    /// <summary>The whole transaction reverted: its authorizations go back to the queue, each one attempt closer to failing.</summary>
    public sealed record Reverted(string TransactionHash) : SettlementVerdict;

    /// <summary>A pull's permit is on chain: the pull is at the queue's front again, to send its transferFrom next.</summary>
    public sealed record PermitSubmitted(string TransactionHash) : SettlementVerdict;

    /// <summary>Final: each authorization of the batch settled or failed, as the chain said.</summary>
    public sealed record Final(IReadOnlyList<(SettlementItem Item, AuthorizationOutcome Outcome)> Outcomes) : SettlementVerdict;
}
