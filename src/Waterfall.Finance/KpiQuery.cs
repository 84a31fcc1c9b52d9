using System.Globalization;
using Waterfall.Domain;

namespace Waterfall.Finance;

/// <summary>
/// How a KPI report is cut besides its period: how many top wallets and models it lists, and the
/// trailing window whose burn rate gives runway. Zero (unset) means the default.
/// </summary>
public readonly record struct KpiQuery(int Top, int TrailingDays)
{
    public const int DefaultTop = 10;
    public const int MaxTop = 100;
    public const int DefaultTrailingDays = 30;
    public const int MaxTrailingDays = 366;

    public TimeSpan Trailing => TimeSpan.FromDays(TrailingDays);

    public static IReadOnlyList<FieldViolation> TryRead(int top, int trailingDays, out KpiQuery query)
    {
        var violations = new List<FieldViolation>();
        if (top is < 0 or > MaxTop) violations.Add(new FieldViolation("top", $"must be between 1 and {MaxTop} (0 or absent: {DefaultTop})"));
        if (trailingDays is < 0 or > MaxTrailingDays) violations.Add(new FieldViolation("trailing_days", $"must be between 1 and {MaxTrailingDays} (0 or absent: {DefaultTrailingDays})"));
        query = violations.Count > 0 ? default : new KpiQuery(top == 0 ? DefaultTop : top, trailingDays == 0 ? DefaultTrailingDays : trailingDays);
        return violations;
    }

    /// <summary>From query-string text: absent is the default, anything but a whole number is refused.</summary>
    public static IReadOnlyList<FieldViolation> TryRead(string? top, string? trailingDays, out KpiQuery query)
    {
        var violations = new List<FieldViolation>();
        var t = Number(top, "top", violations);
        var d = Number(trailingDays, "trailing_days", violations);
        if (violations.Count > 0)
        {
            query = default;
            return violations;
        }
        return TryRead(t, d, out query);
    }

    private static int Number(string? text, string field, List<FieldViolation> violations)
    {
        if (string.IsNullOrWhiteSpace(text)) return 0;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0) return n;
        violations.Add(new FieldViolation(field, "must be a positive whole number"));
        return 0;
    }
}
