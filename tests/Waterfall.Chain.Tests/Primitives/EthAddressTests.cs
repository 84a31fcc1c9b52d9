using Waterfall.Chain.Primitives;

namespace Waterfall.Chain.Tests.Primitives;

public class EthAddressTests
{
    // The test cases listed in EIP-55 itself (all caps, all lower, and mixed).
    public static TheoryData<string> Eip55Examples =>
    [
        "0x52908400098527886E0F7030069857D2E4169EE7",
        "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
        "0xde709f2102306220921060314715629080e2fb77",
        "0x27b1fdb04752bbc536007a920d24acb045561c26",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    ];

    [Theory]
    [MemberData(nameof(Eip55Examples))]
    public void ToString_produces_the_eip55_checksum_of_each_example_from_the_eip(string checksummed)
    {
        var fromLowercase = EthAddress.Parse("0x" + checksummed[2..].ToLowerInvariant());

        Assert.Equal(checksummed, fromLowercase.ToString());
    }

    [Theory]
    [MemberData(nameof(Eip55Examples))]
    public void Parse_accepts_a_correct_checksum(string checksummed) =>
        Assert.Equal(checksummed, EthAddress.Parse(checksummed).ToString());

    [Fact]
    public void Parse_accepts_all_uppercase_hex_as_carrying_no_checksum() =>
        Assert.Equal(
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            EthAddress.Parse("0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED").ToString());

    [Theory]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD")] // last letter's case flipped
    [InlineData("0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")] // second letter's case flipped
    [InlineData("0xf39fd6e51aad88F6F4ce6aB8827279cffFb92266")]
    public void Parse_rejects_a_mixed_case_address_with_a_wrong_checksum(string text)
    {
        var e = Assert.Throws<FormatException>(() => EthAddress.Parse(text));
        Assert.Contains("checksum", e.Message);
        Assert.False(EthAddress.TryParse(text, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeA")]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed00")]
    [InlineData("0xgaAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    public void Parse_rejects_text_that_is_not_20_bytes_of_prefixed_hex(string text) =>
        Assert.Throws<FormatException>(() => EthAddress.Parse(text));

    [Fact]
    public void Equality_ignores_the_letter_case_of_the_source_text()
    {
        var checksummed = EthAddress.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
        var lower = EthAddress.Parse("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
        var other = EthAddress.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");

        Assert.Equal(checksummed, lower);
        Assert.True(checksummed == lower);
        Assert.Equal(checksummed.GetHashCode(), lower.GetHashCode());
        Assert.NotEqual(checksummed, other);
        Assert.True(checksummed != other);
    }

    [Fact]
    public void The_default_address_is_the_zero_address()
    {
        Assert.Equal(EthAddress.Parse("0x0000000000000000000000000000000000000000"), default(EthAddress));
        Assert.Equal(EthAddress.Parse("0x0000000000000000000000000000000000000000").GetHashCode(), default(EthAddress).GetHashCode());
        Assert.Equal("0x0000000000000000000000000000000000000000", default(EthAddress).ToString());
        Assert.Equal(new byte[20], default(EthAddress).ToArray());
    }

    [Fact]
    public void ToLowerHex_gives_the_unchecksummed_form() =>
        Assert.Equal(
            "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266",
            EthAddress.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266").ToLowerHex());
}
