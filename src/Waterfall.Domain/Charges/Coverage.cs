using Waterfall.Domain.Grants;

namespace Waterfall.Domain.Charges;

/// <summary>
/// How a charge is paid: draws on grants in burn order, then overage accrued to the invoice.
/// </summary>
/// <param name="Draws">Amounts taken from grants, in the order they were taken.</param>
/// <param name="TokensCovered">Tokens paid for by token grants (usage charges only).</param>
/// <param name="ExactCost">The exact USD of the money part, before rounding.</param>
/// <param name="MoneyCost">The money part in nano-dollars: drawn from USD grants plus overage.</param>
/// <param name="Overage">Nano-dollars accrued to the period's invoice.</param>
public sealed record Coverage(
    IReadOnlyList<Draw> Draws,
    long TokensCovered,
    decimal ExactCost,
    long MoneyCost,
    long Overage)
{
    public static readonly Coverage None = new([], 0, 0m, 0, 0);

    public bool Equals(Coverage? other) =>
        other is not null && TokensCovered == other.TokensCovered && ExactCost == other.ExactCost &&
        MoneyCost == other.MoneyCost && Overage == other.Overage && Draws.SequenceEqual(other.Draws);

    public override int GetHashCode() => HashCode.Combine(Draws.Count, TokensCovered, MoneyCost, Overage);
}
