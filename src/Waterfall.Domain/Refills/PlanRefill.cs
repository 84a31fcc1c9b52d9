using Waterfall.Domain.Plans;

namespace Waterfall.Domain.Refills;

/// <summary>The refill rule a plan's wallet defaults give the wallets its subscriptions provision.</summary>
public static class PlanRefill
{
    /// <summary>
    /// The wallet rule for a plan's <see cref="AutoRefill"/>, billed on invoice. A plan's refill carries no
    /// monthly cap of its own, so its rule has the largest one; an operator caps a wallet by setting its rule.
    /// </summary>
    public static RefillRule? From(WalletDefaults? defaults) =>
        defaults?.Refill is { } refill
            ? new RefillRule(refill.Threshold, refill.ToTarget ? RefillMode.Target : RefillMode.Fixed, refill.Amount, Money.Amount.MaxBalance)
            : null;
}
