using System.Numerics;
using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;
using Waterfall.Chain.TypedData;

namespace Waterfall.Chain.Tests.TypedData;

/// <summary>The "Ether Mail" example published in EIP-712, plus Permit2's type hashes for nested and array struct types.</summary>
public class Eip712Tests
{
    private static readonly Eip712Types MailTypes =
        Eip712Types.Parse("Mail(Person from,Person to,string contents)Person(string name,address wallet)");

    private static readonly Eip712Domain MailDomain = new(
        Name: "Ether Mail",
        Version: "1",
        ChainId: 1,
        VerifyingContract: EthAddress.Parse("0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"));

    private static Dictionary<string, object?> Person(string name, string wallet) => new()
    {
        ["name"] = name,
        ["wallet"] = EthAddress.Parse(wallet),
    };

    private static readonly Dictionary<string, object?> Mail = new()
    {
        ["from"] = Person("Cow", "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"),
        ["to"] = Person("Bob", "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"),
        ["contents"] = "Hello, Bob!",
    };

    [Fact]
    public void EncodeType_lists_the_primary_type_then_referenced_types() =>
        Assert.Equal("Mail(Person from,Person to,string contents)Person(string name,address wallet)", MailTypes.EncodeType("Mail"));

    [Fact]
    public void The_mail_type_hash_matches_the_eip() =>
        Assert.Equal("0xa0cedeb2dc280ba39b857546d74f5549c3a1d7bdc2dd96bf881f76108e23dac2", MailTypes.TypeHash("Mail").ToString());

    [Fact]
    public void The_mail_domain_separator_matches_the_eip() =>
        Assert.Equal("0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f", MailDomain.Separator().ToString());

    [Fact]
    public void The_mail_struct_hash_matches_the_eip() =>
        Assert.Equal("0xc52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e", MailTypes.HashStruct("Mail", Mail).ToString());

    [Fact]
    public void The_mail_digest_and_the_cow_signature_match_the_eip()
    {
        var cow = EthPrivateKey.FromBytes(Keccak256.HashUtf8("cow").Span);

        var digest = Eip712.Digest(MailDomain, MailTypes, "Mail", Mail);
        var signature = new EthSigner(cow).SignDigest(digest);

        Assert.Equal("0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2", digest.ToString());
        Assert.Equal(
            "0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b915621c",
            signature.ToHex());
        Assert.Equal(EthAddress.Parse("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"), cow.Address);
    }

    [Fact]
    public void The_domain_type_includes_only_the_fields_that_are_set()
    {
        Assert.Equal("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)", MailDomain.EncodeType());
        Assert.Equal("EIP712Domain(string name,uint256 chainId)", new Eip712Domain(Name: "x", ChainId: 1).EncodeType());
        Assert.Equal("EIP712Domain(string name,uint256 chainId,address verifyingContract)",
            new Eip712Domain(Name: "Permit2", ChainId: 1, VerifyingContract: EthAddress.Zero).EncodeType());
    }

    [Fact]
    public void Permit2_type_hashes_for_nested_structs_match_the_contract_constants()
    {
        var single = Eip712Types.Parse("PermitTransferFrom(TokenPermissions permitted,address spender,uint256 nonce,uint256 deadline)TokenPermissions(address token,uint256 amount)");
        var batch = Eip712Types.Parse("PermitBatchTransferFrom(TokenPermissions[] permitted,address spender,uint256 nonce,uint256 deadline)TokenPermissions(address token,uint256 amount)");

        Assert.Equal("0x618358ac3db8dc274f0cd8829da7e234bd48cd73c4a740aede1adec9846d06a1", single.TypeHash("TokenPermissions").ToString());
        Assert.Equal("0x939c21a48a8dbe3a9a2404a1d46691e4d39f6583d6ec6b35714604c986d80106", single.TypeHash("PermitTransferFrom").ToString());
        Assert.Equal("0xfcf35f5ac6a2c28868dc44c302166470266239195f02b0ee408334829333b766", batch.TypeHash("PermitBatchTransferFrom").ToString());
    }

    [Fact]
    public void An_array_of_structs_hashes_as_the_keccak_of_the_concatenated_struct_hashes()
    {
        var types = Eip712Types.Parse("PermitBatchTransferFrom(TokenPermissions[] permitted,address spender,uint256 nonce,uint256 deadline)TokenPermissions(address token,uint256 amount)");
        var token = EthAddress.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3");
        var spender = EthAddress.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
        Dictionary<string, object?> Permission(int amount) => new() { ["token"] = token, ["amount"] = amount };
        var message = new Dictionary<string, object?>
        {
            ["permitted"] = new[] { Permission(1), Permission(2) },
            ["spender"] = spender,
            ["nonce"] = 7,
            ["deadline"] = new BigInteger(1_700_000_000),
        };

        var hash = types.HashStruct("PermitBatchTransferFrom", message);

        // Built by hand from the EIP's rules: an array member is keccak256 of its elements' encodings.
        var arrayHash = Keccak256.HashConcat(
            types.HashStruct("TokenPermissions", Permission(1)).ToArray(),
            types.HashStruct("TokenPermissions", Permission(2)).ToArray());
        var expected = Keccak256.HashConcat(
            types.TypeHash("PermitBatchTransferFrom").ToArray(),
            arrayHash.ToArray(),
            Waterfall.Chain.Abi.AbiEncoder.Encode(["address", "uint256", "uint256"], [spender, 7, 1_700_000_000]));
        Assert.Equal(expected, hash);
    }

    [Fact]
    public void A_missing_or_unknown_field_is_an_error_not_a_silent_zero()
    {
        var missing = new Dictionary<string, object?>(Mail);
        missing.Remove("contents");
        var extra = new Dictionary<string, object?>(Mail) { ["cc"] = "Alice" };

        Assert.Throws<ArgumentException>(() => MailTypes.HashStruct("Mail", missing));
        Assert.Throws<ArgumentException>(() => MailTypes.HashStruct("Mail", extra));
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_rejected()
    {
        var wrong = new Dictionary<string, object?>(Mail) { ["contents"] = 42 };

        Assert.Throws<ArgumentException>(() => MailTypes.HashStruct("Mail", wrong));
    }

    [Theory]
    [InlineData("Mail(Person from)")]                   // Person is not defined
    [InlineData("Mail(uint amount)")]                   // "uint" would hash differently from uint256
    [InlineData("Mail(string)")]                        // no name
    [InlineData("Mail(string a,string a)")]             // duplicate field
    [InlineData("Mail(string a)Mail(string b)")]        // duplicate type
    [InlineData("Mail(string a")]
    public void Invalid_type_definitions_are_rejected(string definition) =>
        Assert.ThrowsAny<FormatException>(() => Eip712Types.Parse(definition));

    [Fact]
    public void An_unknown_primary_type_is_rejected() =>
        Assert.Throws<KeyNotFoundException>(() => MailTypes.TypeHash("Letter"));
}
