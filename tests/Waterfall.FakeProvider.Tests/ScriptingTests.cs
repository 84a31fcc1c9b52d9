using CsCheck;
using Waterfall.FakeProvider.Scripting;

namespace Waterfall.FakeProvider.Tests;

public class ScriptingTests
{
    [Fact]
    public void Directives_are_read_from_words_of_the_text_and_other_words_are_left_alone()
    {
        var directives = Directives.Parse("Tell me fake:output=3 a story fake:cached=12 fake:hang=0\nfake:error=429 in fact");
        Assert.Equal(3, directives.Output);
        Assert.Equal(12, directives.Cached);
        Assert.False(directives.Hang);
        Assert.Equal(429, directives.Error);
    }

    [Theory]
    [InlineData("fake:colour=red")]
    [InlineData("fake:output=-1")]
    [InlineData("fake:output=many")]
    [InlineData("fake:error=200")]
    [InlineData("fake:hang=yes")]
    [InlineData("fake:output")]
    public void A_malformed_directive_is_a_bad_request_that_names_it(string word)
    {
        var error = Assert.Throws<ProtocolError>(() => Directives.Parse("hello " + word));
        Assert.Equal(400, error.Status);
        Assert.Contains(word.Split('=')[0]["fake:".Length..], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reported_output_never_exceeds_the_limit_and_fills_it_only_when_the_request_wanted_more()
    {
        Gen.Select(Gen.Int[0, 200], Gen.Int[0, 50], Gen.Int[0, 50], Gen.Int[1, 150]).Sample((output, reasoning, audio, limit) =>
        {
            var plan = OutputPlan.Decide(new Directives { Output = output, Reasoning = reasoning, AudioOut = audio }, 16, limit);
            var wanted = output + reasoning + audio;
            return plan.OutputTokens == Math.Min(wanted, limit) && plan.HitLimit == (wanted > limit) && plan.Pieces <= output;
        });
    }

    [Fact]
    public void Without_a_limit_the_plan_is_exactly_what_was_asked()
    {
        var plan = OutputPlan.Decide(new Directives { Reasoning = 5, AudioOut = 2 }, defaultPieces: 16, limit: null);
        Assert.Equal(new OutputPlan(16, 5, 2, HitLimit: false), plan);
    }
}
