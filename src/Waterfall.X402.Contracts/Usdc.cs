using System.Numerics;

namespace Waterfall.X402.Contracts;

/// <summary>USDC amounts: 6 decimals, so 1 USDC is 1,000,000 base units (what value, balances and x402's "amount" count).</summary>
public static class Usdc
{
    public const int Decimals = 6;

    public static readonly BigInteger OneDollar = 1_000_000;

    /// <summary>Base units of a dollar amount; more than 6 decimal places is an error, not a rounding.</summary>
    public static BigInteger Units(decimal dollars)
    {
        var scaled = dollars * 1_000_000m;
        if (scaled != decimal.Truncate(scaled))
            throw new ArgumentException($"{dollars} has more than {Decimals} decimal places.", nameof(dollars));
        if (scaled < 0)
            throw new ArgumentOutOfRangeException(nameof(dollars), "An amount cannot be negative.");
        return new BigInteger(scaled);
    }
}
