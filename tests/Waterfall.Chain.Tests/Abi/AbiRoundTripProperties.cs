using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;
using Waterfall.Chain.Abi;
using Waterfall.Chain.Primitives;

namespace Waterfall.Chain.Tests.Abi;

public class AbiRoundTripProperties
{
    private static readonly Gen<AbiType> Leaves = Gen.OneOf(
        Gen.Const<AbiType>(AbiAddressType.Instance),
        Gen.Const<AbiType>(AbiBoolType.Instance),
        Gen.Const<AbiType>(AbiBytesType.Instance),
        Gen.Const<AbiType>(AbiStringType.Instance),
        Gen.Int[1, 32].Select(n => (AbiType)new AbiUIntType(n * 8)),
        Gen.Int[1, 32].Select(n => (AbiType)new AbiIntType(n * 8)),
        Gen.Int[1, 32].Select(n => (AbiType)new AbiFixedBytesType(n)));

    private static readonly Gen<AbiType> Types = Gen.Recursive<AbiType>((depth, types) =>
        depth >= 3
            ? Leaves
            : Gen.Frequency(
                (4, Leaves),
                (1, types.SelectMany(t => Gen.Int[0, 3].Select(k => (AbiType)new AbiArrayType(t, k == 0 ? null : k)))),
                (1, types.Array[1, 4].Select(components => (AbiType)new AbiTupleType(components)))));

    private static readonly Gen<char> Chars = Gen.OneOf(Gen.Char.AlphaNumeric, Gen.Char['\u00c0', '\u00ff'], Gen.Const('€'), Gen.Const(' '));

    private static Gen<object?> ValueOf(AbiType type) => type switch
    {
        AbiAddressType => Gen.Byte.Array[20].Select(b => (object?)new EthAddress(b)),
        AbiBoolType => Gen.Bool.Select(b => (object?)b),
        AbiBytesType => Gen.Byte.Array[0, 100].Select(b => (object?)b),
        AbiStringType => Chars.Array[0, 70].Select(c => (object?)new string(c)),
        AbiUIntType u => Gen.Byte.Array[u.Bits / 8].Select(b => (object?)new BigInteger(b, isUnsigned: true, isBigEndian: true)),
        AbiIntType i => Gen.Byte.Array[i.Bits / 8].Select(b => (object?)new BigInteger(b, isUnsigned: false, isBigEndian: true)),
        AbiFixedBytesType { Size: 32 } => Gen.Byte.Array[32].Select(b => (object?)new Bytes32(b)),
        AbiFixedBytesType f => Gen.Byte.Array[f.Size].Select(b => (object?)b),
        AbiArrayType { Length: { } k } a => ValueOf(a.Element).Array[k].Select(v => (object?)v),
        AbiArrayType a => ValueOf(a.Element).Array[0, 4].Select(v => (object?)v),
        AbiTupleType t => Sequence(t.Components.Select(ValueOf).ToArray()).Select(v => (object?)v),
        _ => throw new InvalidOperationException(type.ToString()),
    };

    private static Gen<object?[]> Sequence(Gen<object?>[] gens) =>
        gens.Aggregate(
            Gen.Const(Array.Empty<object?>()),
            (acc, gen) => acc.SelectMany(values => gen.Select(v => (object?[])[.. values, v])));

    private static readonly Gen<(AbiType[] Types, object?[] Values)> Arguments =
        Types.Array[1, 4].SelectMany(types => Sequence(types.Select(ValueOf).ToArray()).Select(values => (types, values)));

    [Fact]
    public void Decoding_an_encoding_gives_back_the_same_values_for_random_types() =>
        Check.Sample(Arguments, t =>
        {
            var encoded = AbiEncoder.Encode(t.Types, t.Values);

            var decoded = AbiDecoder.Decode(t.Types, encoded);

            Assert.Equal(Canonical(t.Values), Canonical(decoded));
            Assert.Equal(0, encoded.Length % 32);
        }, iter: 400, print: t => string.Join(",", t.Types.Select(x => x.CanonicalName)));

    [Fact]
    public void Calldata_round_trips_through_the_function_selector() =>
        Check.Sample(Arguments, t =>
        {
            var function = AbiFunction.Parse($"f({string.Join(",", t.Types.Select(x => x.CanonicalName))})");

            var calldata = function.EncodeCall(t.Values);

            Assert.Equal(function.Selector.ToArray(), calldata[..4]);
            Assert.Equal(Canonical(t.Values), Canonical(function.DecodeCall(calldata)));
        }, iter: 200, print: t => string.Join(",", t.Types.Select(x => x.CanonicalName)));

    [Fact]
    public void Canonical_names_parse_back_to_the_same_type() =>
        Check.Sample(Types, type => Assert.Equal(type.CanonicalName, AbiType.Parse(type.CanonicalName).CanonicalName), iter: 400);

    [Fact]
    public void Truncated_encodings_fail_cleanly_instead_of_reading_out_of_range() =>
        Check.Sample(Arguments, t =>
        {
            var encoded = AbiEncoder.Encode(t.Types, t.Values);
            var cut = encoded[..(encoded.Length / 2 / 32 * 32)];

            // Either the shorter data still decodes (e.g. trailing padding) or it is a FormatException; nothing else.
            var error = Record.Exception(() => AbiDecoder.Decode(t.Types, cut));
            Assert.True(error is null or FormatException, error?.ToString());
        }, iter: 300);

    // A string form that compares values by content: byte[] and Bytes32 by bytes, lists element-wise.
    private static string Canonical(object? value) => value switch
    {
        null => "null",
        byte[] b => "b:" + Convert.ToHexStringLower(b),
        Bytes32 b => "b:" + Convert.ToHexStringLower(b.Span),
        EthAddress a => "a:" + a.ToLowerHex(),
        BigInteger n => "n:" + n.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        string s => "s:" + Convert.ToHexStringLower(Encoding.UTF8.GetBytes(s)),
        IList list => "[" + string.Join(",", list.Cast<object?>().Select(Canonical)) + "]",
        _ => throw new InvalidOperationException(value.GetType().Name),
    };
}
