namespace Waterfall.Domain.Pricing.Rating;

/// <summary>One priced component of a call: a token count at an exact USD-per-token price (markup included).</summary>
public readonly record struct RatedLine(UsageComponent Component, long Tokens, decimal UnitPrice)
{
    public decimal Cost => Tokens * UnitPrice;
}
