namespace Waterfall.Domain.Policy;

/// <summary>Money charged in the current UTC day and month, for budgets.</summary>
public sealed class SpendTracker
{
    public DateOnly Day { get; private set; }
    public long SpentToday { get; private set; }
    public int Month { get; private set; }
    public long SpentThisMonth { get; private set; }

    public void Record(DateTimeOffset at, long money)
    {
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        if (day != Day) { Day = day; SpentToday = 0; }
        var month = MonthOf(at);
        if (month != Month) { Month = month; SpentThisMonth = 0; }
        SpentToday = checked(SpentToday + money);
        SpentThisMonth = checked(SpentThisMonth + money);
    }

    public long SpentOn(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime) == Day ? SpentToday : 0;

    public long SpentInMonthOf(DateTimeOffset now) => MonthOf(now) == Month ? SpentThisMonth : 0;

    internal void Restore(DateOnly day, long spentToday, int month, long spentThisMonth)
    {
        Day = day; SpentToday = spentToday; Month = month; SpentThisMonth = spentThisMonth;
    }

    private static int MonthOf(DateTimeOffset at) => at.UtcDateTime.Year * 12 + at.UtcDateTime.Month;
}
