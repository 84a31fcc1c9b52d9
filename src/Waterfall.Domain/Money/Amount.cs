namespace Waterfall.Domain.Money;

/// <summary>
/// An exact, non-negative quantity of one <see cref="CreditUnit"/>. USD amounts are nano-dollars.
/// Arithmetic is checked: an overflow is a bug, never a wrap-around.
/// </summary>
public readonly record struct Amount(long Value, CreditUnit Unit)
{
    /// <summary>
    /// The largest amount one operation may carry: 1e17 (USD 100,000,000 in nano-dollars).
    /// Sums of many such amounts still fit in a <see cref="long"/>.
    /// </summary>
    public const long MaxValue = 100_000_000_000_000_000;

    /// <summary>The largest balance a wallet may hold in one unit (1e18).</summary>
    public const long MaxBalance = 1_000_000_000_000_000_000;

    public static Amount Zero(CreditUnit unit) => new(0, unit);

    public static Amount Usd(long nanoDollars) => new(nanoDollars, CreditUnit.Usd);

    public static Amount Tokens(long count) => new(count, CreditUnit.Tokens);

    public bool IsZero => Value == 0;

    public static Amount operator +(Amount a, Amount b)
    {
        RequireSameUnit(a, b);
        return new(checked(a.Value + b.Value), a.Unit);
    }

    public static Amount operator -(Amount a, Amount b)
    {
        RequireSameUnit(a, b);
        return new(checked(a.Value - b.Value), a.Unit);
    }

    public override string ToString() =>
        Unit.IsMoney ? $"{NanoDollars.ToUsd(Value)} USD" : $"{Value} {Unit.Code}";

    private static void RequireSameUnit(Amount a, Amount b)
    {
        if (a.Unit != b.Unit)
            throw new InvalidOperationException($"Cannot combine {a.Unit} with {b.Unit}.");
    }
}
