using Waterfall.Domain.Pricing.Catalog;
using Waterfall.Domain.Pricing.Rating;
using Xunit;

namespace Waterfall.Domain.Tests.Pricing.Rating;

internal static class RatingAssert
{
    public static readonly UsageRater Default = new(PriceCatalog.Default);

    public static RatedUsage Rated(RatingResult result)
    {
        Assert.True(result.IsRated, $"expected a rating, got {result.Refusal}");
        return result.Rated;
    }

    public static Refusal Refused(RatingResult result)
    {
        Assert.False(result.IsRated, $"expected a refusal, got {result.Rated}");
        return result.Refusal;
    }

    public static RatedLine Line(UsageComponent component, long tokens, decimal unitPrice) => new(component, tokens, unitPrice);

    public static ModelPrice Model(string id, decimal? input, decimal? output = null) =>
        new() { Id = id, Provider = "test", Mode = "chat", Input = input, Output = output };
}
