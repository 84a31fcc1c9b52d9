using System.Globalization;
using Waterfall.Domain.Money;

namespace Waterfall.Finance.Journal;

/// <summary>How amounts and times read in an export: exact decimals in the unit, ISO 8601 UTC.</summary>
public static class JournalText
{
    /// <summary>USD as dollars with all nine decimals (nano-dollars are exact); other units as whole counts.</summary>
    public static string Quantity(long value, CreditUnit unit) =>
        unit.IsMoney ? (value / 1_000_000_000m).ToString("0.000000000", CultureInfo.InvariantCulture) : value.ToString(CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
