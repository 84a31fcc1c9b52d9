using System.Numerics;
using System.Text;
using Waterfall.Chain.Abi;
using Waterfall.Chain.Primitives;

namespace Waterfall.Chain.Tests.Abi;

public class AbiKnownAnswerTests
{
    private static string Words(params string[] words) => string.Concat(words);

    [Theory]
    [InlineData("transfer(address,uint256)", "0xa9059cbb")]
    [InlineData("balanceOf(address)", "0x70a08231")]
    [InlineData("approve(address,uint256)", "0x095ea7b3")]
    [InlineData("baz(uint32,bool)", "0xcdcd77c0")]
    [InlineData("f(uint256,uint32[],bytes10,bytes)", "0x8be65246")]
    [InlineData("g(uint256[][],string[])", "0x2289b18c")]
    public void Selectors_are_the_first_four_bytes_of_the_keccak_of_the_signature(string signature, string selector) =>
        Assert.Equal(selector, AbiFunction.Parse(signature).SelectorHex);

    [Fact]
    public void Parameter_names_spaces_and_uint_aliases_do_not_change_the_canonical_signature()
    {
        var function = AbiFunction.Parse("transfer( address to , uint amount ) returns (bool)");

        Assert.Equal("transfer(address,uint256)", function.Signature);
        Assert.Equal("0xa9059cbb", function.SelectorHex);
        Assert.Equal("to", function.Inputs[0].Name);
        Assert.Equal("bool", function.Outputs[0].Type.CanonicalName);
    }

    [Fact]
    public void The_erc20_transfer_event_topic_is_the_well_known_hash() =>
        Assert.Equal(
            "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef",
            AbiEvent.Parse("Transfer(address indexed from, address indexed to, uint256 value)").Topic0.ToString());

    [Fact]
    public void Static_arguments_are_encoded_in_place_as_in_the_abi_spec_baz_example() =>
        Assert.Equal(
            "0xcdcd77c0" + Words(
                "0000000000000000000000000000000000000000000000000000000000000045",
                "0000000000000000000000000000000000000000000000000000000000000001"),
            Hex.Encode(AbiFunction.Parse("baz(uint32 x, bool y)").EncodeCall(69, true)));

    [Fact]
    public void Dynamic_arguments_go_to_the_tail_as_in_the_abi_spec_f_example()
    {
        var f = AbiFunction.Parse("f(uint256,uint32[],bytes10,bytes)");

        var calldata = f.EncodeCall(0x123, new[] { 0x456, 0x789 }, "1234567890"u8.ToArray(), "Hello, world!"u8.ToArray());

        Assert.Equal(
            "0x8be65246" + Words(
                "0000000000000000000000000000000000000000000000000000000000000123",
                "0000000000000000000000000000000000000000000000000000000000000080",
                "3132333435363738393000000000000000000000000000000000000000000000",
                "00000000000000000000000000000000000000000000000000000000000000e0",
                "0000000000000000000000000000000000000000000000000000000000000002",
                "0000000000000000000000000000000000000000000000000000000000000456",
                "0000000000000000000000000000000000000000000000000000000000000789",
                "000000000000000000000000000000000000000000000000000000000000000d",
                "48656c6c6f2c20776f726c642100000000000000000000000000000000000000"),
            Hex.Encode(calldata));
    }

    [Fact]
    public void Nested_dynamic_arrays_use_offsets_relative_to_their_own_array_as_in_the_abi_spec_g_example()
    {
        var g = AbiFunction.Parse("g(uint256[][],string[])");
        object?[] x = [new[] { 1, 2 }, new[] { 3 }];
        string[] y = ["one", "two", "three"];

        var calldata = g.EncodeCall(x, y);

        Assert.Equal(
            "0x2289b18c" + Words(
                "0000000000000000000000000000000000000000000000000000000000000040",
                "0000000000000000000000000000000000000000000000000000000000000140",
                "0000000000000000000000000000000000000000000000000000000000000002",
                "0000000000000000000000000000000000000000000000000000000000000040",
                "00000000000000000000000000000000000000000000000000000000000000a0",
                "0000000000000000000000000000000000000000000000000000000000000002",
                "0000000000000000000000000000000000000000000000000000000000000001",
                "0000000000000000000000000000000000000000000000000000000000000002",
                "0000000000000000000000000000000000000000000000000000000000000001",
                "0000000000000000000000000000000000000000000000000000000000000003",
                "0000000000000000000000000000000000000000000000000000000000000003",
                "0000000000000000000000000000000000000000000000000000000000000060",
                "00000000000000000000000000000000000000000000000000000000000000a0",
                "00000000000000000000000000000000000000000000000000000000000000e0",
                "0000000000000000000000000000000000000000000000000000000000000003",
                "6f6e650000000000000000000000000000000000000000000000000000000000",
                "0000000000000000000000000000000000000000000000000000000000000003",
                "74776f0000000000000000000000000000000000000000000000000000000000",
                "0000000000000000000000000000000000000000000000000000000000000005",
                "7468726565000000000000000000000000000000000000000000000000000000"),
            Hex.Encode(calldata));

        var decoded = g.DecodeCall(calldata);
        var decodedX = (object?[])decoded[0]!;
        Assert.Equal([BigInteger.One, new BigInteger(2)], ((object?[])decodedX[0]!).Cast<BigInteger>());
        Assert.Equal([new BigInteger(3)], ((object?[])decodedX[1]!).Cast<BigInteger>());
        Assert.Equal(y, ((object?[])decoded[1]!).Cast<string>());
    }

    [Fact]
    public void A_batch_of_static_tuples_encodes_as_an_offset_a_length_and_the_tuples_inline()
    {
        var batch = AbiFunction.Parse("batch((address,address,uint256,uint256,uint256,bytes32,uint8,bytes32,bytes32)[] items)");
        var from = EthAddress.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
        var to = EthAddress.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
        var nonce = new Bytes32(Enumerable.Repeat((byte)0xab, 32).ToArray());
        var r = new Bytes32(Enumerable.Repeat((byte)0x11, 32).ToArray());
        var s = new Bytes32(Enumerable.Repeat((byte)0x22, 32).ToArray());
        var items = new object[]
        {
            (from, to, new BigInteger(10000), 0, 4102444800L, nonce, (byte)27, r, s),
            (to, from, new BigInteger(1), 5, 6, nonce, (byte)28, s, r),
        };

        var calldata = batch.EncodeCall(new object?[] { items });

        Assert.Equal("batch((address,address,uint256,uint256,uint256,bytes32,uint8,bytes32,bytes32)[])", batch.Signature);
        Assert.Equal(4 + 32 + 32 + 2 * 9 * 32, calldata.Length);
        Assert.Equal(new BigInteger(0x20), new BigInteger(calldata.AsSpan(4, 32), isUnsigned: true, isBigEndian: true));
        Assert.Equal(new BigInteger(2), new BigInteger(calldata.AsSpan(36, 32), isUnsigned: true, isBigEndian: true));
        var decoded = (object?[])batch.DecodeCall(calldata)[0]!;
        var second = (object?[])decoded[1]!;
        Assert.Equal(to, second[0]);
        Assert.Equal(from, second[1]);
        Assert.Equal(new BigInteger(28), second[6]);
        Assert.Equal(r, second[8]);
    }

    [Fact]
    public void A_transfer_log_decodes_indexed_addresses_from_topics_and_the_value_from_data()
    {
        var transfer = AbiEvent.Parse("Transfer(address indexed from, address indexed to, uint256 value)");
        var from = EthAddress.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
        var to = EthAddress.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
        Bytes32[] topics =
        [
            transfer.Topic0,
            Bytes32.Parse("0x000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266"),
            Bytes32.Parse("0x00000000000000000000000070997970c51812dc3a010c7d01b50e0d17dc79c8"),
        ];
        var data = Hex.Decode("0x0000000000000000000000000000000000000000000000000000000000002710");

        var values = transfer.Decode(topics, data);

        Assert.Equal(from, values["from"]);
        Assert.Equal(to, values["to"]);
        Assert.Equal(new BigInteger(10000), values["value"]);
        Assert.Equal(topics[2], AbiEvent.EncodeTopic(AbiType.Parse("address"), to));
    }

    [Fact]
    public void A_log_of_another_event_or_with_the_wrong_topic_count_is_rejected()
    {
        var transfer = AbiEvent.Parse("Transfer(address indexed from, address indexed to, uint256 value)");
        var approval = AbiEvent.Parse("Approval(address indexed owner, address indexed spender, uint256 value)");
        var data = new byte[32];

        Assert.Throws<FormatException>(() => transfer.Decode([approval.Topic0, default, default], data));
        Assert.Throws<FormatException>(() => transfer.Decode([transfer.Topic0, default], data));
    }

    [Fact]
    public void An_indexed_string_decodes_to_the_hash_that_the_topic_holds()
    {
        var e = AbiEvent.Parse("Named(string indexed name, uint8 level)");
        var topic = AbiEvent.EncodeTopic(AbiStringType.Instance, "alice");

        var values = e.Decode([e.Topic0, topic], AbiEncoder.Encode(["uint8"], [7]));

        Assert.Equal(Waterfall.Chain.Crypto.Keccak256.HashUtf8("alice"), values["name"]);
        Assert.Equal(new BigInteger(7), values["level"]);
    }

    [Fact]
    public void Negative_integers_are_sign_extended_twos_complement()
    {
        var encoded = AbiEncoder.Encode(["int8", "int256"], [-1, new BigInteger(-2)]);

        Assert.Equal(new string('f', 64) + new string('f', 63) + "e", Convert.ToHexStringLower(encoded));
        Assert.Equal([new BigInteger(-1), new BigInteger(-2)], AbiDecoder.Decode(["int8", "int256"], encoded).Cast<BigInteger>());
    }

    [Fact]
    public void Return_data_of_balanceOf_decodes_to_the_uint256()
    {
        var balanceOf = AbiFunction.Parse("balanceOf(address) returns (uint256)");

        var outputs = balanceOf.DecodeOutput(Hex.Decode("0x00000000000000000000000000000000000000000000000000000000000f4240"));

        Assert.Equal(new BigInteger(1_000_000), Assert.Single(outputs));
    }

    [Fact]
    public void Error_string_revert_data_decodes_to_its_message()
    {
        var data = AbiFunction.Parse("Error(string)").EncodeCall("FiatTokenV2: invalid signature");

        Assert.Equal("0x08c379a0", Hex.Encode(data.AsSpan(0, 4)));
        Assert.Equal("FiatTokenV2: invalid signature", RevertReason.TryDecode(data));
        Assert.Equal("Panic(0x11)", RevertReason.TryDecode(AbiFunction.Parse("Panic(uint256)").EncodeCall(0x11)));
        Assert.Null(RevertReason.TryDecode(Hex.Decode("0xdeadbeef")));
    }

    [Theory]
    [InlineData("uint256", -1)]
    [InlineData("uint8", 256)]
    [InlineData("int8", 128)]
    [InlineData("int8", -129)]
    public void Integers_outside_their_type_are_rejected(string type, int value) =>
        Assert.Throws<ArgumentException>(() => AbiEncoder.Encode([type], [value]));

    [Fact]
    public void Values_of_the_wrong_shape_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => AbiEncoder.Encode(["address"], ["0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"]));
        Assert.Throws<ArgumentException>(() => AbiEncoder.Encode(["bytes32"], [new byte[31]]));
        Assert.Throws<ArgumentException>(() => AbiEncoder.Encode(["uint256[2]"], [new[] { 1, 2, 3 }]));
        Assert.Throws<ArgumentException>(() => AbiEncoder.Encode(["uint256", "bool"], [1]));
    }

    [Theory]
    [InlineData("uint7")]
    [InlineData("uint264")]
    [InlineData("uint08")]
    [InlineData("bytes33")]
    [InlineData("bytes0")]
    [InlineData("address[0]")]
    [InlineData("()")]
    [InlineData("fixed128x18")]
    [InlineData("uint256[")]
    [InlineData("(address,uint256")]
    public void Unsupported_or_malformed_types_are_rejected(string type) =>
        Assert.ThrowsAny<Exception>(() => AbiType.Parse(type));

    [Theory]
    [InlineData("uint", "uint256")]
    [InlineData("tuple(address, uint)[2][]", "(address,uint256)[2][]")]
    [InlineData("(bytes32,(bool,string)[])", "(bytes32,(bool,string)[])")]
    public void Types_parse_to_their_canonical_names(string text, string canonical) =>
        Assert.Equal(canonical, AbiType.Parse(text).CanonicalName);

    [Fact]
    public void Dirty_or_truncated_return_data_is_rejected_not_misread()
    {
        var dirtyAddress = Hex.Decode("0x010000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266");
        var dirtyBool = Hex.Decode("0x0000000000000000000000000000000000000000000000000000000000000002");
        var hugeLength = Hex.Decode("0x0000000000000000000000000000000000000000000000000000000000000020" + "00000000000000000000000000000000000000000000000000000000ffffffff");

        Assert.Throws<FormatException>(() => AbiDecoder.Decode(["address"], dirtyAddress));
        Assert.Throws<FormatException>(() => AbiDecoder.Decode(["bool"], dirtyBool));
        Assert.Throws<FormatException>(() => AbiDecoder.Decode(["uint8"], Hex.Decode("0x" + new string('0', 60) + "0100")));
        Assert.Throws<FormatException>(() => AbiDecoder.Decode(["uint256"], new byte[31]));
        Assert.Throws<FormatException>(() => AbiDecoder.Decode(["bytes"], hugeLength));
        Assert.Throws<FormatException>(() => AbiDecoder.Decode(["uint256[]"], hugeLength));
        Assert.Throws<FormatException>(() => AbiDecoder.Decode(["string"], Hex.Decode("0x" + new string('0', 62) + "40")));
    }

    [Fact]
    public void Strings_are_utf8()
    {
        var encoded = AbiEncoder.Encode(["string"], ["€"]);

        Assert.Equal(3, (int)new BigInteger(encoded.AsSpan(32, 32), isUnsigned: true, isBigEndian: true));
        Assert.Equal(Encoding.UTF8.GetBytes("€"), encoded.AsSpan(64, 3).ToArray());
        Assert.Equal("€", AbiDecoder.Decode(["string"], encoded)[0]);
    }
}
