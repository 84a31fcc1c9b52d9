using CsCheck;
using Waterfall.Domain.Idempotency;

namespace Waterfall.Domain.Tests.Idempotency;

/// <summary>The window keeps fingerprints packed: a replay must still compare, and answer, exactly the text the first call had.</summary>
public class CompactFingerprintProperties
{
    private static readonly Gen<string> Canonical = Gen.Char["0123456789ABCDEF"].Array[32].Select(c => new string(c));

    /// <summary>Near misses of the canonical form: lower case, a digit short or long, or any text at all.</summary>
    private static readonly Gen<string> Other = Gen.OneOf(
        Gen.Char["0123456789abcdefABCDEF"].Array[32].Select(c => new string(c)),
        Gen.Char["0123456789ABCDEF"].Array[0, 40].Select(c => new string(c)),
        Gen.String);

    private static readonly Gen<string> AnyFingerprint = Gen.OneOf(Canonical, Other);

    [Fact]
    public void Every_fingerprint_the_builder_makes_is_given_back_as_the_same_text() =>
        Canonical.Sample(text => CompactFingerprint.From(text).ToString() == text);

    [Fact]
    public void Any_other_text_is_given_back_unchanged_too() =>
        Other.Sample(text => CompactFingerprint.From(text).ToString() == text);

    [Fact]
    public void Two_fingerprints_match_exactly_when_their_texts_are_equal() =>
        Gen.Select(AnyFingerprint, AnyFingerprint).Sample((a, b) =>
            CompactFingerprint.From(a).Matches(b) == string.Equals(a, b, StringComparison.Ordinal) &&
            CompactFingerprint.From(a).Matches(a));

    [Fact]
    public void A_lower_case_fingerprint_does_not_match_its_upper_case_twin()
    {
        var upper = new FingerprintBuilder("debit").Add("k").Build();
        Assert.False(CompactFingerprint.From(upper).Matches(upper.ToLowerInvariant()));
        Assert.Equal(upper, CompactFingerprint.From(upper).ToString());
    }
}
