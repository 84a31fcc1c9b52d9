namespace Waterfall.Domain.Money;

/// <summary>Conversions between exact USD decimals and the nano-dollar integers the ledger counts.</summary>
public static class NanoDollars
{
    public const long PerUsd = 1_000_000_000;

    /// <summary>One USDC atomic unit (6 decimals) is 1,000 nano-dollars.</summary>
    public const long PerUsdcAtomicUnit = 1_000;

    /// <summary>
    /// The one place a cost is rounded: an exact USD figure to whole nano-dollars, half away from zero.
    /// </summary>
    public static long Round(decimal usd) =>
        checked((long)decimal.Round(usd * PerUsd, 0, MidpointRounding.AwayFromZero));

    public static decimal ToUsd(long nanoDollars) => nanoDollars / (decimal)PerUsd;

    public static long FromUsdcAtomicUnits(long atomic) => checked(atomic * PerUsdcAtomicUnit);

    /// <summary>
    /// The USDC atomic units that pay exactly <paramref name="nanoDollars"/>, or false when no whole
    /// number does: a top-up is never rounded, in anybody's favour.
    /// </summary>
    public static bool TryToUsdcAtomicUnits(long nanoDollars, out long atomic)
    {
        atomic = nanoDollars / PerUsdcAtomicUnit;
        return nanoDollars % PerUsdcAtomicUnit == 0;
    }
}
