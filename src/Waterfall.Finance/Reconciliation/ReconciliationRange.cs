using System.Globalization;
using Waterfall.Domain;

namespace Waterfall.Finance.Reconciliation;

/// <summary>The block range of a reconciliation: both ends required, inclusive, <c>0 &lt;= from &lt;= to</c>.</summary>
public static class ReconciliationRange
{
    public static IReadOnlyList<FieldViolation> Read(string? fromText, string? toText, out long from, out long to)
    {
        var violations = new List<FieldViolation>();
        from = Block(fromText, "from_block", violations);
        to = Block(toText, "to_block", violations);
        if (violations.Count == 0 && from > to) violations.Add(new FieldViolation("to_block", "must be at least from_block"));
        return violations;
    }

    public static IReadOnlyList<FieldViolation> Check(long from, long to)
    {
        if (from < 0) return [new FieldViolation("from_block", "must be a block number, 0 or more")];
        if (to < from || to == 0) return [new FieldViolation("to_block", "is required and must be at least from_block")];
        return [];
    }

    private static long Block(string? text, string field, List<FieldViolation> violations)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var block)) return block;
        violations.Add(new FieldViolation(field, "is required: a block number, 0 or more"));
        return 0;
    }
}
