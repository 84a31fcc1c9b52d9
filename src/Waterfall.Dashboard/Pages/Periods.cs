using Waterfall.Domain;
using Waterfall.Finance;

namespace Waterfall.Dashboard.Pages;

/// <summary>A page's period from its query, as the finance API reads it; this month (UTC) when none is given.</summary>
internal static class Periods
{
    public static (FinancePeriod Period, IReadOnlyList<FieldViolation> Errors) Read(string? from, string? to, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var month = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var fallback = new FinancePeriod(month, month.AddMonths(1));
        if (string.IsNullOrEmpty(from) && string.IsNullOrEmpty(to)) return (fallback, []);
        var errors = FinancePeriod.TryRead(from, to, null, out var period);
        return errors.Count > 0 ? (fallback, errors) : (period, []);
    }

    public static string Query(FinancePeriod period) =>
        $"from={Uri.EscapeDataString(period.From.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture))}" +
        $"&to={Uri.EscapeDataString(period.To.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture))}";
}
