using System.Numerics;
using System.Text;
using Waterfall.Chain.Primitives;
using Waterfall.Chain.Rlp;

namespace Waterfall.Chain.Tests.Rlp;

/// <summary>Known answers from the Ethereum wiki's RLP page, plus the decoder's strictness.</summary>
public class RlpTests
{
    private static RlpString S(string text) => RlpString.FromUtf8(text);

    private static RlpList L(params RlpItem[] items) => new(items);

    private static string Encode(RlpItem item) => Hex.Encode(RlpEncoder.Encode(item));

    [Fact]
    public void The_string_dog_is_its_length_prefix_then_its_bytes() =>
        Assert.Equal("0x83646f67", Encode(S("dog")));

    [Fact]
    public void The_list_cat_dog_is_a_list_prefix_over_both_strings() =>
        Assert.Equal("0xc88363617483646f67", Encode(L(S("cat"), S("dog"))));

    [Fact]
    public void The_empty_string_is_0x80() => Assert.Equal("0x80", Encode(RlpString.Empty));

    [Fact]
    public void The_empty_list_is_0xc0() => Assert.Equal("0xc0", Encode(L()));

    [Fact]
    public void The_integer_0_is_the_empty_string() => Assert.Equal("0x80", Encode(RlpString.FromInteger(0)));

    [Fact]
    public void The_byte_0x00_is_encoded_as_itself() => Assert.Equal("0x00", Encode(new RlpString([0x00])));

    [Fact]
    public void The_integer_15_is_the_single_byte_0x0f() => Assert.Equal("0x0f", Encode(RlpString.FromInteger(15)));

    [Fact]
    public void The_integer_1024_is_0x820400() => Assert.Equal("0x820400", Encode(RlpString.FromInteger(1024)));

    [Fact]
    public void The_set_theoretic_representation_of_three_nests_lists() =>
        Assert.Equal("0xc7c0c1c0c3c0c1c0", Encode(L(L(), L(L()), L(L(), L(L())))));

    [Fact]
    public void A_56_byte_string_uses_the_long_form_with_one_length_byte()
    {
        var lorem = "Lorem ipsum dolor sit amet, consectetur adipisicing elit";

        Assert.Equal(56, lorem.Length);
        Assert.Equal("0xb838" + Convert.ToHexStringLower(Encoding.ASCII.GetBytes(lorem)), Encode(S(lorem)));
    }

    [Fact]
    public void A_55_byte_string_still_uses_the_short_form()
    {
        var encoded = RlpEncoder.Encode(new RlpString(new byte[55]));

        Assert.Equal(0xb7, encoded[0]);
        Assert.Equal(56, encoded.Length);
    }

    [Fact]
    public void A_list_longer_than_55_bytes_uses_the_long_list_form()
    {
        var list = L(Enumerable.Range(0, 20).Select(_ => (RlpItem)S("dog")).ToArray()); // 80 payload bytes

        var encoded = RlpEncoder.Encode(list);

        Assert.Equal(new byte[] { 0xf8, 80 }, encoded[..2]);
        Assert.Equal(list, RlpDecoder.Decode(encoded));
    }

    [Fact]
    public void A_string_of_1024_bytes_has_a_two_byte_length()
    {
        var encoded = RlpEncoder.Encode(new RlpString(new byte[1024]));

        Assert.Equal(new byte[] { 0xb9, 0x04, 0x00 }, encoded[..3]);
        Assert.Equal(1027, encoded.Length);
    }

    [Theory]
    [InlineData("0x83646f67")]
    [InlineData("0xc88363617483646f67")]
    [InlineData("0xc7c0c1c0c3c0c1c0")]
    [InlineData("0x80")]
    [InlineData("0x820400")]
    public void Decoding_a_wiki_example_and_encoding_it_again_gives_the_same_bytes(string hex) =>
        Assert.Equal(hex, Encode(RlpDecoder.Decode(Hex.Decode(hex))));

    [Fact]
    public void Decoded_integers_read_back_their_value()
    {
        var item = (RlpString)RlpDecoder.Decode(Hex.Decode("0x820400"));

        Assert.Equal(new BigInteger(1024), item.ToInteger());
        Assert.Equal(1024UL, item.ToUInt64());
    }

    [Theory]
    [InlineData("0x8100", "single byte below 0x80")]    // 0x00 wrapped in a prefix
    [InlineData("0x817f", "single byte below 0x80")]
    [InlineData("0xb80100", "short form")]              // long form for a length that fits the short form
    [InlineData("0xb800", "leading zero")]
    [InlineData("0xb83700", "short form")]
    [InlineData("0xb90038", "leading zero")]
    [InlineData("0x83646f", "past the end")]
    [InlineData("0x83646f6700", "left after")]
    [InlineData("0xc883636174", "past the end")]
    [InlineData("0x", "end of input")]
    public void Non_canonical_or_truncated_input_is_rejected(string hex, string reason)
    {
        var e = Assert.Throws<FormatException>(() => RlpDecoder.Decode(Hex.Decode(hex)));
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void An_integer_with_a_leading_zero_byte_is_rejected() =>
        Assert.Throws<FormatException>(() => new RlpString([0x00, 0x01]).ToInteger());

    [Fact]
    public void A_negative_integer_cannot_be_encoded() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RlpString.FromInteger(BigInteger.MinusOne));

    [Fact]
    public void Hostile_nesting_is_refused_instead_of_overflowing_the_stack()
    {
        RlpItem item = new RlpList();
        for (var i = 0; i < 300; i++)
            item = new RlpList(item);

        var e = Assert.Throws<FormatException>(() => RlpDecoder.Decode(RlpEncoder.Encode(item)));
        Assert.Contains("deep", e.Message);
        Assert.Equal(new RlpList(), RlpDecoder.Decode([0xc0]));
    }

    private static readonly Gen<RlpItem> Items = Gen.Recursive<RlpItem>((depth, items) =>
        depth >= 4
            ? Gen.Byte.Array[0, 80].Select(b => (RlpItem)new RlpString(b))
            : Gen.OneOf(
                Gen.Byte.Array[0, 80].Select(b => (RlpItem)new RlpString(b)),
                Gen.Byte.Array[0, 2].Select(b => (RlpItem)new RlpString(b)),
                Gen.Byte.Array[200, 300].Select(b => (RlpItem)new RlpString(b)),
                items.Array[0, 6].Select(children => (RlpItem)new RlpList(children))));

    [Fact]
    public void Encoding_then_decoding_any_item_gives_it_back() =>
        Check.Sample(Items, item =>
        {
            var encoded = RlpEncoder.Encode(item);

            Assert.Equal(item, RlpDecoder.Decode(encoded));
        }, iter: 500);

    [Fact]
    public void Integers_round_trip_through_their_canonical_form() =>
        Check.Sample(Gen.Byte.Array[0, 32], bytes =>
        {
            var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);

            var decoded = (RlpString)RlpDecoder.Decode(RlpEncoder.Encode(RlpString.FromInteger(value)));

            Assert.Equal(value, decoded.ToInteger());
        }, iter: 500);
}
