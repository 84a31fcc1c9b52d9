using System.Globalization;
using System.Text.RegularExpressions;
using Waterfall.Domain;

namespace Waterfall.Finance;

/// <summary>
/// A reporting period <c>[From, To)</c> in UTC, read from ISO 8601 text: a date (midnight) or a date
/// and time, without an offset read in the tenant's time zone (an IANA name; UTC when none), with
/// one ("Z", "+02:00") as written. A local time a clock change skips is moved past the gap; one it
/// repeats is the first of the two.
/// </summary>
public readonly partial record struct FinancePeriod(DateTimeOffset From, DateTimeOffset To)
{
    private static readonly string[] LocalFormats =
        ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF"];

    private static readonly string[] OffsetFormats =
        ["yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    /// <summary>The period, or the field violations that say what is wrong with the text (then the period is default).</summary>
    public static IReadOnlyList<FieldViolation> TryRead(string? from, string? to, string? timeZone, out FinancePeriod period)
    {
        period = default;
        var violations = new List<FieldViolation>();
        TimeZoneInfo zone = TimeZoneInfo.Utc;
        if (!string.IsNullOrEmpty(timeZone) && !TryFindZone(timeZone, out zone))
            violations.Add(new FieldViolation("time_zone", "must be an IANA time zone name, e.g. Europe/Paris or UTC"));
        var start = Instant(from, "from", zone, violations);
        var end = Instant(to, "to", zone, violations);
        if (violations.Count > 0) return violations;
        if (end <= start) return [new FieldViolation("to", "must be after from")];
        period = new FinancePeriod(start!.Value, end!.Value);
        return [];
    }

    private static DateTimeOffset? Instant(string? text, string field, TimeZoneInfo zone, List<FieldViolation> violations)
    {
        const string Expected = "must be an ISO 8601 date or date-time, e.g. 2026-01-01 or 2026-01-01T00:00:00Z";
        if (string.IsNullOrWhiteSpace(text))
        {
            violations.Add(new FieldViolation(field, "is required: " + Expected[5..]));
            return null;
        }
        text = text.Trim();
        if (DateTimeOffset.TryParseExact(text, OffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var exact))
            return exact.ToUniversalTime();
        if (DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return InZone(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone);
        violations.Add(new FieldViolation(field, Expected));
        return null;
    }

    private static DateTimeOffset InZone(DateTime local, TimeZoneInfo zone)
    {
        // A skipped local time (spring forward) does not exist: the period starts when the clock resumes.
        for (var i = 0; i < 4 * 24 && zone.IsInvalidTime(local); i++) local = local.AddMinutes(15);
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    private static bool TryFindZone(string name, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        // The name reaches the system's zone database: only names shaped like IANA ones get that far.
        if (!ZoneName().IsMatch(name) || name.Contains("..", StringComparison.Ordinal)) return false;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(name);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_+\\-/]{0,63}$")]
    private static partial Regex ZoneName();
}
