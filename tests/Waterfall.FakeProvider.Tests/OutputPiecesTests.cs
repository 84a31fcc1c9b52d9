using CsCheck;
using Waterfall.FakeProvider.Scripting;
using Waterfall.FakeProvider.Tests.Support;

namespace Waterfall.FakeProvider.Tests;

public class OutputPiecesTests
{
    [Fact]
    public void Every_output_piece_is_exactly_one_token_in_o200k_and_cl100k()
    {
        foreach (var word in OutputPieces.Words)
        {
            Assert.Equal(1, Tokens.O200k.CountTokens(word));
            Assert.Equal(1, Tokens.Cl100k.CountTokens(word));
        }
    }

    [Fact]
    public void An_output_of_n_pieces_is_n_tokens_in_both_encodings_whatever_its_length_and_start()
    {
        Gen.Select(Gen.Int[0, 300], Gen.Int[0, 7]).Sample((count, offset) =>
        {
            var text = OutputPieces.Text(count, offset);
            return Tokens.O200k.CountTokens(text) == count && Tokens.Cl100k.CountTokens(text) == count;
        });
    }
}
