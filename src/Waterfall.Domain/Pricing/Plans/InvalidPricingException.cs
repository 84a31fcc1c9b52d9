namespace Waterfall.Domain.Pricing.Plans;

/// <summary>
/// A pricing model or rate plan that cannot exist. It carries the violations field by field so the
/// admin API can answer with a precise INVALID_ARGUMENT instead of a bare message.
/// </summary>
public sealed class InvalidPricingException : ArgumentException
{
    public InvalidPricingException(IReadOnlyList<FieldViolation> violations)
        : base(string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")))
    {
        Violations = violations;
    }

    public IReadOnlyList<FieldViolation> Violations { get; }

    public Refusal ToRefusal() => Refusal.Invalid([.. Violations]);

    internal static void ThrowIfAny(List<FieldViolation> violations)
    {
        if (violations.Count > 0) throw new InvalidPricingException(violations);
    }
}
