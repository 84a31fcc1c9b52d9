using Waterfall.Domain.Money;

namespace Waterfall.Domain.Grants;

/// <summary>Everything that defines a grant when it is made; never changes afterwards.</summary>
/// <param name="CostBasis">What was paid per unit, in USD (e.g. 1.00 for purchased USD credit, 0 for promotional).</param>
public sealed record GrantTerms(
    GrantKind Kind,
    Amount Amount,
    int Priority,
    DateTimeOffset? EffectiveAt,
    DateTimeOffset? ExpiresAt,
    GrantScope Scope,
    GrantSource Source,
    decimal? CostBasis)
{
    /// <summary>
    /// Equal terms that hold the shared "any" scope and operator source wherever they equal them: every grant keeps
    /// its terms for its whole life, and most grants are unscoped and granted by the operator.
    /// </summary>
    public GrantTerms SharingDefaults()
    {
        var scope = Scope == GrantScope.Any ? GrantScope.Any : Scope;
        var source = Source == GrantSource.Operator ? GrantSource.Operator : Source;
        return ReferenceEquals(scope, Scope) && ReferenceEquals(source, Source) ? this : this with { Scope = scope, Source = source };
    }
}
