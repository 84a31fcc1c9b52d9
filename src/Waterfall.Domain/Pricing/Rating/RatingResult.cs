using System.Diagnostics.CodeAnalysis;

namespace Waterfall.Domain.Pricing.Rating;

/// <summary>Either the priced call or why it could not be priced; never both, never neither.</summary>
public sealed class RatingResult
{
    private RatingResult(RatedUsage? rated, Refusal? refusal)
    {
        Rated = rated;
        Refusal = refusal;
    }

    public RatedUsage? Rated { get; }

    public Refusal? Refusal { get; }

    [MemberNotNullWhen(true, nameof(Rated))]
    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool IsRated => Rated is not null;

    public static RatingResult Ok(RatedUsage rated) => new(rated ?? throw new ArgumentNullException(nameof(rated)), null);

    public static RatingResult Refused(Refusal refusal) => new(null, refusal ?? throw new ArgumentNullException(nameof(refusal)));

    public static implicit operator RatingResult(RatedUsage rated) => Ok(rated);

    public static implicit operator RatingResult(Refusal refusal) => Refused(refusal);

    public override string ToString() => Rated?.ToString() ?? Refusal!.ToString();
}
