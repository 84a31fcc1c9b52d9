using System.Numerics;
using Waterfall.Chain.Primitives;

namespace Waterfall.Chain.Tests.Primitives;

public class HexTests
{
    [Fact]
    public void Encode_writes_lowercase_with_the_0x_prefix() =>
        Assert.Equal("0x00ff10ab", Hex.Encode([0x00, 0xff, 0x10, 0xab]));

    [Fact]
    public void Encode_of_no_bytes_is_just_the_prefix() => Assert.Equal("0x", Hex.Encode([]));

    [Theory]
    [InlineData("0x", new byte[0])]
    [InlineData("0x00ff", new byte[] { 0x00, 0xff })]
    [InlineData("0xABcd", new byte[] { 0xab, 0xcd })]
    public void Decode_accepts_prefixed_even_length_hex(string hex, byte[] expected) =>
        Assert.Equal(expected, Hex.Decode(hex));

    [Theory]
    [InlineData("")]
    [InlineData("00ff")]
    [InlineData("0x0")]
    [InlineData("0x0g")]
    [InlineData("0x 0")]
    [InlineData("0x00ff ")]
    [InlineData("x00")]
    [InlineData("0X01")]
    public void Decode_rejects_anything_that_is_not_strict_hex_data(string hex) =>
        Assert.Throws<FormatException>(() => Hex.Decode(hex));

    [Fact]
    public void Decode_with_a_length_rejects_the_wrong_number_of_bytes()
    {
        Assert.Equal(2, Hex.Decode("0x1234", 2).Length);
        Assert.Throws<FormatException>(() => Hex.Decode("0x1234", 3));
    }

    [Theory]
    [InlineData(0UL, "0x0")]
    [InlineData(1UL, "0x1")]
    [InlineData(0x41UL, "0x41")]
    [InlineData(0x400UL, "0x400")]
    [InlineData(ulong.MaxValue, "0xffffffffffffffff")]
    public void Quantities_have_no_leading_zeros(ulong value, string expected)
    {
        Assert.Equal(expected, Hex.EncodeQuantity(value));
        Assert.Equal(expected, Hex.EncodeQuantity(new BigInteger(value)));
        Assert.Equal(new BigInteger(value), Hex.DecodeQuantity(expected));
    }

    [Fact]
    public void A_quantity_with_the_top_bit_set_stays_positive()
    {
        var value = BigInteger.Pow(2, 255);
        var hex = Hex.EncodeQuantity(value);

        Assert.Equal("0x8" + new string('0', 63), hex);
        Assert.Equal(value, Hex.DecodeQuantity(hex));
    }

    [Theory]
    [InlineData("0x")]
    [InlineData("0x0400")]
    [InlineData("0x00")]
    [InlineData("400")]
    [InlineData("0xz")]
    [InlineData("-0x1")]
    [InlineData("0X1")]
    public void DecodeQuantity_rejects_non_canonical_quantities(string hex) =>
        Assert.Throws<FormatException>(() => Hex.DecodeQuantity(hex));

    [Fact]
    public void A_negative_quantity_cannot_be_encoded() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Hex.EncodeQuantity(BigInteger.MinusOne));

    [Fact]
    public void DecodeQuantityUInt64_fails_instead_of_wrapping()
    {
        Assert.Equal(ulong.MaxValue, Hex.DecodeQuantityUInt64("0xffffffffffffffff"));
        Assert.Throws<OverflowException>(() => Hex.DecodeQuantityUInt64("0x10000000000000000"));
    }
}
