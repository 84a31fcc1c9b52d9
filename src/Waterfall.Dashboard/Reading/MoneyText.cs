using System.Globalization;
using Waterfall.Domain.Money;

namespace Waterfall.Dashboard.Reading;

/// <summary>
/// Amounts as a person reads them, always with their unit: USD from nano-dollars with at least two
/// decimals and as many more as the amount has (so $0.000042 of a cheap call is not shown as $0.00),
/// unit credits as grouped counts ("7,000 tokens").
/// </summary>
public static class MoneyText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Format(long amount, string unit) =>
        unit == CreditUnit.Usd.Code ? Usd(amount) : $"{amount.ToString("#,##0", Invariant)} {unit}";

    public static string Format(Amount amount) => Format(amount.Value, amount.Unit.Code);

    public static string Usd(long nanos)
    {
        var dollars = nanos / 1_000_000_000m;
        var text = Math.Abs(dollars).ToString("#,##0.00#######", Invariant);
        return (nanos < 0 ? "−$" : "$") + text;
    }

    /// <summary>A change against the previous period: signed, with its unit, and the relative change when there was a base.</summary>
    public static string Change(long current, long previous, string unit)
    {
        var delta = current - previous;
        var sign = delta > 0 ? "+" : delta < 0 ? "−" : "±";
        var absolute = Format(Math.Abs(delta), unit).TrimStart('−');
        if (previous == 0) return $"{sign}{absolute}";
        var percent = decimal.Round(100m * delta / Math.Abs(previous), 1, MidpointRounding.AwayFromZero);
        return $"{sign}{absolute} ({(percent > 0 ? "+" : "")}{percent.ToString("0.#", Invariant)} %)";
    }

    public static string Ratio(decimal? ratio) =>
        ratio is { } r ? (r * 100m).ToString("0.#", Invariant) + " %" : "—";

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", Invariant);
}
