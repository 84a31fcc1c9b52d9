using Waterfall.Domain.Settlement;

namespace Waterfall.Contracts.Settlement;

/// <summary>
/// Where usdc-allowance refills are pulled: the settlement account a payer's permit must name as spender, and for each
/// network the settlement (asset and payee) its pulls go through. Registered by the host when it settles on chain;
/// absent, the wallet refuses usdc-allowance rules.
/// </summary>
public sealed record RefillPulls(string SettlementAccount, IReadOnlyList<SettlementTarget> Targets)
{
    public IReadOnlyCollection<string> Networks => Targets.Select(t => t.Network).ToList();

    public SettlementTarget? For(string network) => Targets.FirstOrDefault(t => t.Network == network);

    /// <summary>The settlement grain's key of a network's pulls (the same grain as its top-ups).</summary>
    public string? GrainKeyFor(string network) => For(network) is { } t ? SettlementGrainKey.For(t.Network, t.Asset, t.PayTo) : null;
}
