namespace Waterfall.Domain.Plans;

[GenerateSerializer, Alias("wf.PeriodLength")]
public enum PeriodLength
{
    Monthly = 0,
    Weekly = 1,
    Daily = 2,
}

/// <summary>Where periods start: on calendar boundaries (the 1st, Monday, midnight) or on the subscription's anniversary.</summary>
[GenerateSerializer, Alias("wf.PeriodAnchor")]
public enum PeriodAnchor
{
    Anniversary = 0,
    Calendar = 1,
}

/// <summary>
/// How a plan cuts time into billing periods. Boundaries are computed in <see cref="TimeZone"/>, so a
/// calendar month in Europe/Paris ends at Paris midnight whatever the offset that day.
/// </summary>
[GenerateSerializer, Immutable, Alias("wf.BillingPeriod")]
public sealed record BillingPeriod(
    [property: Id(0)] PeriodLength Length,
    [property: Id(1)] PeriodAnchor Anchor,
    [property: Id(2)] string TimeZone)
{
    public static readonly BillingPeriod MonthlyUtc = new(PeriodLength.Monthly, PeriodAnchor.Anniversary, "UTC");

    public static bool IsKnownTimeZone(string? id) =>
        !string.IsNullOrEmpty(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

    /// <summary>The end (exclusive) of the period that contains <paramref name="start"/>, when periods began at <paramref name="anchor"/>.</summary>
    public DateTimeOffset EndOf(DateTimeOffset start, DateTimeOffset anchor)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        var local = TimeZoneInfo.ConvertTime(start, zone).DateTime;
        DateTime end;
        if (Anchor == PeriodAnchor.Calendar)
        {
            end = Length switch
            {
                PeriodLength.Monthly => new DateTime(local.Year, local.Month, 1).AddMonths(1),
                PeriodLength.Weekly => local.Date.AddDays(7 - ((int)local.DayOfWeek + 6) % 7),
                _ => local.Date.AddDays(1),
            };
        }
        else
        {
            // Count whole periods from the anchor, so a 31st anniversary keeps landing on month ends.
            var origin = TimeZoneInfo.ConvertTime(anchor, zone).DateTime;
            var n = 1;
            while ((end = Step(origin, n)) <= local) n++;
        }
        return new DateTimeOffset(end, zone.GetUtcOffset(end));
    }

    private DateTime Step(DateTime origin, int n) => Length switch
    {
        PeriodLength.Monthly => origin.AddMonths(n),
        PeriodLength.Weekly => origin.AddDays(7 * n),
        _ => origin.AddDays(n),
    };
}
