namespace Waterfall.Domain.Grants;

/// <summary>
/// Restricts what a grant may pay for. An empty list means "any". A scoped grant only burns for
/// a charge whose context names a matching metric, model and provider.
/// </summary>
public sealed record GrantScope(
    IReadOnlyList<string> Metrics,
    IReadOnlyList<string> Models,
    IReadOnlyList<string> Providers)
{
    public static readonly GrantScope Any = new([], [], []);

    public bool IsUnrestricted => Metrics.Count == 0 && Models.Count == 0 && Providers.Count == 0;

    public bool Covers(ChargeContext context) =>
        Allows(Metrics, context.Metric) && Allows(Models, context.Model) && Allows(Providers, context.Provider);

    private static bool Allows(IReadOnlyList<string> allowed, string? value)
    {
        if (allowed.Count == 0) return true;
        if (value is null) return false;
        foreach (var item in allowed)
            if (string.Equals(item, value, StringComparison.Ordinal)) return true;
        return false;
    }

    public bool Equals(GrantScope? other) =>
        other is not null && Metrics.SequenceEqual(other.Metrics) && Models.SequenceEqual(other.Models) &&
        Providers.SequenceEqual(other.Providers);

    public override int GetHashCode() => HashCode.Combine(Metrics.Count, Models.Count, Providers.Count);
}

/// <summary>What a charge is for, as far as grant scopes care.</summary>
public readonly record struct ChargeContext(string? Metric, string? Model, string? Provider)
{
    public static readonly ChargeContext None = default;
}
