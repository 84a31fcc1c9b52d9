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
    decimal? CostBasis);
